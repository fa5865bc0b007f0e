import { ApiProblem } from '../problem.ts'

export interface LanguageTag {
  /** The canonical tag (`fr-ca` → `fr-CA`), the key a caption or chapter is stored under. */
  tag: string
  /** The language's name in that language, as `languageName` shows it (`Français (Canada)`). */
  nativeName: string
}

const FORMAT = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/
let names: Record<'language' | 'script' | 'region', Intl.DisplayNames> | undefined

/** Built on first use, so loading the emulator costs no ICU work. */
function knownNames() {
  names ??= {
    language: new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' }),
    script: new Intl.DisplayNames(['en'], { type: 'script', fallback: 'none' }),
    region: new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' }),
  }
  return names
}

/**
 * Reads a caption or chapter language path parameter with the two 400s of the OAS captions
 * examples: not only letters and dashes, then not a covered language. Covered here means a
 * language, optional script and optional region that CLDR (the `Intl` data) knows, which is
 * what api.video's list of supported tags is drawn from.
 */
export function readLanguageTag(raw: string): LanguageTag {
  if (!FORMAT.test(raw)) {
    throw invalidLanguage(
      'The "language" attribute must contain only letters and dashes (for example "fr", "fr-BE").'
    )
  }
  const tag = canonical(raw)
  if (tag === undefined) throw invalidLanguage('The "language" attribute is not valid.')
  return { tag, nativeName: nativeName(tag) }
}

function canonical(raw: string): string | undefined {
  let locale: Intl.Locale
  try {
    locale = new Intl.Locale(Intl.getCanonicalLocales(raw)[0] ?? '')
  } catch {
    return undefined
  }
  const { language, script, region } = locale
  const base = [language, script, region].filter(Boolean).join('-')
  if (locale.toString() !== base) return undefined
  const known = knownNames()
  const covered =
    known.language.of(language) !== undefined &&
    (script === undefined || known.script.of(script) !== undefined) &&
    (region === undefined || known.region.of(region) !== undefined)
  return covered ? base : undefined
}

function nativeName(tag: string): string {
  const name =
    new Intl.DisplayNames([tag], { type: 'language', languageDisplay: 'standard' }).of(tag) ?? tag
  return name.charAt(0).toLocaleUpperCase(tag) + name.slice(1)
}

function invalidLanguage(detail: string): ApiProblem {
  return new ApiProblem('invalid-attribute', { name: 'language', detail })
}
