import { PLACE_FIELD_PRIVACY, Place, PublicPlace } from './place.dto';
import { pickPublicFields } from './privacy';

/** A place as the engine stores it (`_source` of `places_v*`): every field, private ones included. */
export type PlaceDocument = Place;

/** What a place looks like to clients: the private fields dropped. */
export function toPublicPlace(place: Place): PublicPlace {
  return pickPublicFields(place, PLACE_FIELD_PRIVACY) as PublicPlace;
}

/** The engine document of a place. Fields are copied by name: the index is strict and refuses anything else. */
export function toPlaceDocument(place: Place): PlaceDocument {
  return copyPlaceFields(place);
}

/** A place read back from the engine (`_source`). */
export function fromPlaceDocument(document: PlaceDocument): Place {
  return copyPlaceFields(document);
}

function copyPlaceFields(place: Place): Place {
  const copy: Place = {
    id: place.id,
    name: place.name,
    description: place.description,
    city: place.city,
    country: place.country,
    location: { lat: place.location.lat, lon: place.location.lon },
    categories: [...place.categories],
    tags: [...place.tags],
    priceLevel: place.priceLevel,
    rating: place.rating,
    ratingCount: place.ratingCount,
    popularity: place.popularity,
    curated: place.curated,
    status: place.status,
    createdAt: place.createdAt,
    updatedAt: place.updatedAt,
    embedding: [...place.embedding],
  };
  if (place.editorialNote !== undefined && place.editorialNote !== null)
    copy.editorialNote = place.editorialNote;
  return copy;
}
