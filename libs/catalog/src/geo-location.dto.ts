import { Type } from 'class-transformer';
import { IsNumber, IsObject, Max, Min, ValidateNested } from 'class-validator';

/** A point in degrees (WGS 84), as the engine's geo_point takes it. */
export interface GeoLocation {
  lat: number;
  lon: number;
}

// Min/Max rather than IsLatitude: that one checks the number's text with a regex and refuses e.g. 1e-7.
export class GeoLocationDto implements GeoLocation {
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat!: number;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lon!: number;
}

/** A nested `{lat, lon}` object, validated as GeoLocationDto (messages name `location.lat`). */
export function IsGeoLocation(): PropertyDecorator {
  const type = Type(() => GeoLocationDto);
  const object = IsObject();
  const nested = ValidateNested();
  return (target, key) => {
    object(target, key);
    nested(target, key);
    type(target, key);
  };
}
