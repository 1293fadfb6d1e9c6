import { FigureConfigError } from './figureConfig'

/** What a figure shows instead of itself when it cannot run: never a blank space in an article. */
export function FigureError({ error }: { error: unknown }) {
  const message = error instanceof Error ? error.message : String(error)
  const hint = error instanceof FigureConfigError ? ' (see “Embedding in an article” in the @perturber/app README)' : ''
  return (
    <div className="pf-error" role="alert" data-testid="figure-error" data-attribute={error instanceof FigureConfigError ? error.attribute : undefined}>
      This figure could not be shown. {message}
      {hint}
    </div>
  )
}
