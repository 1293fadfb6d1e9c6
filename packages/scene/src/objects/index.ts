/**
 * Built-in morphable objects (dog <-> cat, fire truck <-> race car, teapot <-> coffee mug,
 * goldfish <-> macaw, airliner <-> sailboat), generated procedurally: shared topology and UV
 * atlas per pair, smooth normals, procedural textures, all deterministic. `createDogCat`,
 * `createTruckCar`, `createTeapotMug`, `createFishBird`, `createPlaneBoat` generate afresh on every call;
 * `builtinObjects[id]()` / `getBuiltinObject(id)` generate once and then return the same object
 * (treat it as read-only).
 *
 * Conventions: y up, facing +x, both ends normalised jointly (longest side 2, joint bounding
 * box centred at the origin, so they stand on the same ground plane; the fish and the airliner
 * instead float at mid-height of their partner). Then some ends are posed, turned about the
 * vertical (`turnedAboutY`): the race car, the macaw and the teapot, so that the scene's default
 * camera sees them from the side as they are mostly photographed. UVs are in image space
 * like the loaders': (0, 0) is the top-left texel (row 0) of the RgbaImage and v grows
 * downwards, so a DataTexture made from a texture's data needs `flipY = false`.
 */
export type { MeshData } from './types'
export { builtinObjects, builtinObjectLabels, getBuiltinObject, type BuiltinObjectId } from './builtins'
export { createDogCat, buildDogCatMesh, DOG_CAT_PARTS } from './dogCat'
export { createTruckCar, buildTruckCarMesh, TRUCK_CAR_PARTS } from './truckCar'
export { createTeapotMug, buildTeapotMugMesh, TEAPOT_MUG_PARTS } from './teapotMug'
export { createFishBird, buildFishBirdMesh, FISH_BIRD_PARTS } from './fishBird'
export { createPlaneBoat, buildPlaneBoatMesh, PLANE_BOAT_PARTS } from './planeBoat'
export { computeNormals, boundingBox, normalizeJointly, signedVolume, turnedAboutY } from './geometry'
export { mulberry32, createNoise, hash2 } from './random'
export type { ValueNoise } from './random'
export { TEXTURE_SIZE, paintTexture } from './textures'
export type { Painter, Surface, TexturePainter } from './textures'
export { MorphBuilder, packAtlas, ATLAS_PAD } from './builder'
export type { AtlasRect, BuiltMesh, Cap, PartLayout } from './builder'
export type { LoftShape, Station } from './loft'

export { sideSilhouette, maskIoU, lerpPositions } from './silhouette'
export { surfaceAtlas, paintSurface } from './surfaceAtlas'
export type { SurfaceAtlas } from './surfaceAtlas'
