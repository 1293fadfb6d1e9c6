declare module '@pmndrs/assets/hdri/*.exr' {
  const url: string
  export default url
}
