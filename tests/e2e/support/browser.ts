import { chromium, type Browser } from 'playwright-core'
import { chromiumArgs, chromiumPath } from '../../../tools/chromium.mjs'

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true })
}
