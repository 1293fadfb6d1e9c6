import { Component, type ErrorInfo, type ReactNode } from 'react'

export interface ColumnBoundaryProps {
  /** what failed, for the message ("The scene", "Predictions") */
  name: string
  children: ReactNode
}

interface ColumnBoundaryState {
  error: Error | null
}

/**
 * Keeps a failing column from blanking the page: it shows the error in the column's place, with a
 * button to try rendering it again; the other columns keep working.
 */
export class ColumnBoundary extends Component<ColumnBoundaryProps, ColumnBoundaryState> {
  override state: ColumnBoundaryState = { error: null }

  static getDerivedStateFromError(error: Error): ColumnBoundaryState {
    return { error }
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(`${this.props.name} failed:`, error, info.componentStack)
  }

  override render() {
    const { error } = this.state
    if (!error) return this.props.children
    return (
      <div className="pa-error" role="alert">
        {this.props.name} stopped working: {error.message}{' '}
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    )
  }
}
