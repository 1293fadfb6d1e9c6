import { useMemo } from 'react'
import { ShaderMaterial, type Texture } from 'three'

/** Draws a frame texture over the whole viewport, ignoring the R3F camera. */
export function FrameDisplay({ texture }: { texture: Texture }) {
  const material = useMemo(
    () =>
      new ShaderMaterial({
        uniforms: { map: { value: texture } },
        vertexShader: 'varying vec2 vUv; void main() { vUv = uv; gl_Position = vec4(position.xy, 0.0, 1.0); }',
        // the frame already holds display (sRGB) values: write them untouched
        fragmentShader: 'uniform sampler2D map; varying vec2 vUv; void main() { gl_FragColor = vec4(texture2D(map, vUv).rgb, 1.0); }',
        depthTest: false,
        depthWrite: false,
      }),
    [texture],
  )
  return (
    <mesh frustumCulled={false} renderOrder={-1000} material={material}>
      <planeGeometry args={[2, 2]} />
    </mesh>
  )
}
