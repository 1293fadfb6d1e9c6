import { Color, Matrix4, ShaderMaterial, type Texture } from 'three'

/**
 * Draws the background behind everything as one full-screen triangle. Blur is a mip level
 * (the thesis' approach: cheap, and the top level is the average colour, so Background Blur = 1
 * gives a solid colour) rather than a kernel, whose cost would grow with the radius.
 */
const vertexShader = /* glsl */ `
varying vec2 vNdc;
void main() {
  vNdc = position.xy;
  gl_Position = vec4(position.xy, 1.0, 1.0);
}
`

const fragmentShader = /* glsl */ `
#define MODE_SOLID 0
#define MODE_EQUIRECT 1
#define MODE_IMAGE 2
uniform int mode;
uniform sampler2D map;
uniform float maxLod;
uniform float blur;
uniform float saturation;
uniform vec3 color;
uniform mat4 inverseViewProjection;
uniform float viewAspect;
uniform float imageAspect;
varying vec2 vNdc;
const float PI = 3.141592653589793;

vec3 sampleBackground() {
  float lod = blur * maxLod;
  if (mode == MODE_EQUIRECT) {
    vec4 far = inverseViewProjection * vec4(vNdc, 1.0, 1.0);
    vec4 near = inverseViewProjection * vec4(vNdc, -1.0, 1.0);
    vec3 dir = normalize(far.xyz / far.w - near.xyz / near.w);
    // v = 0 is the image's top row (the sky)
    vec2 uv = vec2(atan(dir.z, dir.x) / (2.0 * PI) + 0.5, 0.5 - asin(clamp(dir.y, -1.0, 1.0)) / PI);
    return textureLod(map, uv, lod).rgb;
  }
  if (mode == MODE_IMAGE) {
    // "cover" fit, like CSS background-size: cover
    vec2 uv = vec2(0.5, -0.5) * vNdc + 0.5; // v = 0 at the image's top row
    float r = viewAspect / imageAspect;
    uv = r > 1.0 ? vec2(uv.x, (uv.y - 0.5) / r + 0.5) : vec2((uv.x - 0.5) * r + 0.5, uv.y);
    return textureLod(map, uv, lod).rgb;
  }
  return color;
}

void main() {
  vec3 c = sampleBackground();
  float l = dot(c, vec3(0.2126, 0.7152, 0.0722));
  gl_FragColor = vec4(mix(vec3(l), c, saturation), 1.0);
}
`

export type BackgroundMode = 'solid' | 'equirect' | 'image'
const modeIds: Record<BackgroundMode, number> = { solid: 0, equirect: 1, image: 2 }

export class BackgroundMaterial extends ShaderMaterial {
  constructor() {
    super({
      name: 'PerturberBackgroundMaterial',
      vertexShader,
      fragmentShader,
      depthTest: false,
      depthWrite: false,
      uniforms: {
        mode: { value: 0 },
        map: { value: null },
        maxLod: { value: 0 },
        blur: { value: 0 },
        saturation: { value: 1 },
        color: { value: new Color(0.5, 0.5, 0.5) },
        inverseViewProjection: { value: new Matrix4() },
        viewAspect: { value: 1 },
        imageAspect: { value: 1 },
      },
    })
  }

  setSolid(color: Color): void {
    this.uniforms.mode.value = modeIds.solid
    ;(this.uniforms.color.value as Color).copy(color)
  }

  setTexture(mode: 'equirect' | 'image', texture: Texture, width: number, height: number): void {
    this.uniforms.mode.value = modeIds[mode]
    this.uniforms.map.value = texture
    this.uniforms.maxLod.value = Math.log2(Math.max(width, height))
    this.uniforms.imageAspect.value = width / height
  }
}
