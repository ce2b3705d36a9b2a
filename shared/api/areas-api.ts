// Administrative units (province > district > ward, or province > ward since 2025) for the
// console's pickers, and venue edits/moves that name them.
import { Type, type Static } from '@sinclair/typebox';
import { VenueKindSchema } from './server-api.js';

export const AreaLevel = Type.Union([Type.Literal('province'), Type.Literal('district'), Type.Literal('ward')], {
  description: 'province; district (absent in two-level provinces); ward',
});

export const AreaView = Type.Object({
  code: Type.String({ description: 'unit code from the imported file' }),
  name: Type.String({ description: 'unit name, Unicode NFC' }),
  level: AreaLevel,
  parent_code: Type.Union([Type.String(), Type.Null()], { description: 'code of the district, or of the province where there is no district; null for provinces' }),
});
export type AreaView = Static<typeof AreaView>;

export const AreaList = Type.Object({
  areas: Type.Array(AreaView, { description: 'every unit, provinces first; empty until an admin imports the list (cli.js import-areas)' }),
});
export type AreaList = Static<typeof AreaList>;

const PlaceName = Type.String({ minLength: 1, maxLength: 200 });

export const UpdateVenueRequest = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'new display name' })),
    kind: Type.Optional(VenueKindSchema),
    province: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'province name (compared after NFC normalisation)' })),
    district: Type.Optional(Type.String({ maxLength: 200, description: 'district name; empty in a two-level province' })),
    ward: Type.Optional(PlaceName),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateVenueRequest = Static<typeof UpdateVenueRequest>;

export const FeedKeyRotation = Type.Object({
  key_id: Type.String({ description: 'id of the new active feed signing key' }),
  public_key: Type.String({ description: 'raw Ed25519 public key, base64' }),
});
