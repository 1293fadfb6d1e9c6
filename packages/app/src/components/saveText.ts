/** Offers `text` as a download named `name` (a sweep's or an experiment's JSON or CSV). */
export function saveText(text: string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.click()
  // revoked after the click has started the download
  setTimeout(() => URL.revokeObjectURL(url), 0)
}
