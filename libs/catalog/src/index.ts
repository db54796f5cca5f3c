export * from './vocabulary';
export type { GeoLocation } from './geo-location.dto';
export { GeoLocationDto } from './geo-location.dto';
export type { Place, PublicPlace } from './place.dto';
export { PlaceDto, PLACE_FIELD_PRIVACY, PLACE_PRIVATE_FIELDS } from './place.dto';
export type { Member, MemberPreferences, MemberStats, PreferenceHardness, PublicMember } from './member.dto';
export {
  MemberDto,
  MemberPreferencesDto,
  MemberStatsDto,
  PreferenceHardnessDto,
  MEMBER_FIELD_PRIVACY,
  MEMBER_PRIVATE_FIELDS,
} from './member.dto';
export type { MemberEdge } from './member-edge.dto';
export { MemberEdgeDto, memberEdgeId, normalizeMemberEdge } from './member-edge.dto';
export type { FieldPrivacy, FieldsMarked } from './privacy';
export { fieldsMarked, pickPublicFields } from './privacy';
export {
  IsEmbedding,
  IsEntityId,
  IsNotBefore,
  IsTimestamp,
  embeddingProblem,
  isEntityId,
  isTimestamp,
} from './field-rules';
export type { FieldError, ValidationResult } from './validation';
export {
  CATALOG_VALIDATOR_OPTIONS,
  flattenValidationErrors,
  validateMember,
  validateMemberEdge,
  validatePlace,
  validateWith,
} from './validation';
export type { PlaceDocument } from './place.mapper';
export { fromPlaceDocument, toPlaceDocument, toPublicPlace } from './place.mapper';
export type { MemberDocument } from './member.mapper';
export { ZERO_MEMBER_STATS, fromMemberDocument, toMemberDocument, toPublicMember } from './member.mapper';
export type { MemberEdgeDocument } from './member-edge.mapper';
export { fromMemberEdgeDocument, otherMember, toMemberEdgeDocument } from './member-edge.mapper';
