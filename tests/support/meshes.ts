/** A side × side grid of vertices as OBJ text, two triangles per cell: a large valid mesh for load tests and the bench. */
export function gridObj(side: number): string {
  const lines: string[] = []
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) lines.push(`v ${(x / side).toFixed(5)} ${(y / side).toFixed(5)} ${((x * y) % 7) / 100}`)
  for (let y = 0; y + 1 < side; y++) {
    for (let x = 0; x + 1 < side; x++) {
      const a = y * side + x + 1
      lines.push(`f ${a} ${a + 1} ${a + side + 1}`, `f ${a} ${a + side + 1} ${a + side}`)
    }
  }
  return lines.join('\n') + '\n'
}
