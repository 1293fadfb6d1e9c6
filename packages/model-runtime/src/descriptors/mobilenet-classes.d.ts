declare module '@tensorflow-models/mobilenet/dist/imagenet_classes.js' {
  export const IMAGENET_CLASSES: Record<number, string>
}
