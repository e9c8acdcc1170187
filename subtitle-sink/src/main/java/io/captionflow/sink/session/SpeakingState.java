package io.captionflow.sink.session;

/**
 * Whether someone speaks in a session's run and, while no one does, since when: the pause began at
 * a speech end, or at the run's start before any speech.
 */
final class SpeakingState {

  private boolean speaking;
  private Double silentSinceSeconds;
  private Long silentSinceMillis;

  /** A speech activity event at audio time {@code atSeconds}, written at {@code atMillis}. */
  void activity(boolean speaking, double atSeconds, long atMillis) {
    this.speaking = speaking;
    silentSince(speaking ? null : atSeconds, atMillis);
  }

  /** The run started at {@code atSeconds}: silent from there unless someone already speaks. */
  void runStarted(double atSeconds, long atMillis) {
    if (!speaking) {
      silentSince(atSeconds, atMillis);
    }
  }

  /** The run is over: no one speaks, and the pause keeps its start. */
  void runOver() {
    speaking = false;
  }

  /** Forgets it all: a new run begins. */
  void reset() {
    speaking = false;
    silentSince(null, 0);
  }

  boolean speaking() {
    return speaking;
  }

  /** Null while someone speaks or before the run started. */
  Double silentSinceSeconds() {
    return silentSinceSeconds;
  }

  /** When the pause's event was written (record timestamp); null with no pause. */
  Long silentSinceMillis() {
    return silentSinceMillis;
  }

  private void silentSince(Double sinceSeconds, long atMillis) {
    silentSinceSeconds = sinceSeconds;
    silentSinceMillis = sinceSeconds == null ? null : atMillis;
  }
}
