package io.captionflow.job.session;

/**
 * A START mid-session asking for new settings: the settings the session goes on with and the reason
 * its status gives. Diarization is fixed at the session's start, so speaker numbers stay those of
 * the whole session.
 */
record SettingsChange(SessionSettings next, String reason) {

  static SettingsChange of(SessionSettings current, SessionSettings requested) {
    SessionSettings next = requested.withDiarization(current.diarization(), current.maxSpeakers());
    return new SettingsChange(
        next,
        next.equals(requested)
            ? "settings changed mid-session"
            : "settings changed mid-session; diarization stays "
                + (current.diarization() ? "on" : "off")
                + " as at the session's start");
  }

  /** The reason a change to a mode no model serves is refused. */
  static String refused(SessionSettings current, String why) {
    return "settings change refused, the session keeps latency mode '"
        + current.mode().id()
        + "': "
        + why;
  }
}
