package io.captionflow.job.enhance;

import io.captionflow.job.confirmation.Segmenter;
import io.captionflow.job.session.LatencyMode;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import io.captionflow.schema.wire.StartSettings;
import java.io.Serializable;

/**
 * What an enhancement takes from the run's START event: the language, whether (and for how many
 * speakers) to diarize, and how the live job cut its segments (pause-based sessions never close at
 * punctuation).
 *
 * @param language BCP-47 tag, or null for the model's default
 * @param closeAtPunctuation false for a pause-based session, as its live segments
 * @param diarization the session asked for speakers
 * @param maxSpeakers 1–4 when {@code diarization}
 * @param source where these settings came from, for the command's progress lines
 */
public record RunSettings(
    String language,
    boolean closeAtPunctuation,
    boolean diarization,
    int maxSpeakers,
    String source)
    implements Serializable {

  public RunSettings {
    StartSettings.requireSpeakers(diarization, maxSpeakers);
  }

  /**
   * The job defaults a session without a START gets: no speakers, segments close at punctuation.
   */
  public static RunSettings defaults(String why) {
    return new RunSettings(null, true, false, 4, why);
  }

  /** The settings a run's (first) START event asked for. */
  public static RunSettings of(SessionEvent start) {
    if (start.getType() != SessionEventType.START) {
      throw new IllegalArgumentException(
          "a run's settings come from its START event, got " + start.getType());
    }
    LatencyMode mode = LatencyMode.SPEEDY;
    String note = "";
    if (start.getLatencyMode() != null) {
      try {
        mode = LatencyMode.fromId(start.getLatencyMode());
      } catch (IllegalArgumentException e) {
        note = " (unknown latency mode '" + start.getLatencyMode() + "': speedy's segments)";
      }
    }
    return new RunSettings(
        start.getLanguage(),
        mode != LatencyMode.PAUSE_BASED,
        start.getDiarization(),
        start.getMaxSpeakers(),
        "START event of " + start.getSessionId() + note);
  }

  /** The live job's segment limits with this run's punctuation rule. */
  public Segmenter.Rules segmentRules() {
    Segmenter.Rules d = Segmenter.Rules.DEFAULT;
    return new Segmenter.Rules(
        d.pauseGapSeconds(), d.maxWords(), d.maxSeconds(), closeAtPunctuation);
  }
}
