package io.captionflow.job.session;

import io.captionflow.asr.DecoderState;
import io.captionflow.diarization.streaming.DiarizationState;
import io.captionflow.diarization.streaming.SessionDiarizer;
import io.captionflow.diarization.timeline.SpeakerTimeline;
import io.captionflow.job.confirmation.ConfirmedWord;
import io.captionflow.job.confirmation.Segmenter;
import io.captionflow.job.confirmation.TimedToken;
import io.captionflow.job.confirmation.TokenConfirmer;
import io.captionflow.job.confirmation.TokenIO;
import io.captionflow.job.inference.VadTrack;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SessionStream}'s versioned binary state: every stage's fields in one fixed order. Format
 * 5 is written; formats 1 to 5 are read, so stored sessions and savepoints restore.
 */
final class SessionStateCodec {

  /**
   * 5: the streaming schedule (origin, windows), enhancement request and audio-topic range. 4: the
   * ring's samples inline or in a block store ({@link SessionStream#persist}), audio held before
   * START as PCM16. 3: agreement (settings and the confirmer's recent hypotheses), the sequencer's
   * filled gaps and the END's last sequence. 2: words carry speakers, diarizer state after the
   * rest. 1 (no diarization).
   */
  static final int FORMAT = 5;

  private SessionStateCodec() {}

  /** The state; the ring's audio inline, or (with {@code blocks}) left to the block store. */
  static byte[] write(SessionStream s, AudioBlocks blocks) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      write(s, new DataOutputStream(bytes), blocks == null);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A state written with its audio inline. */
  static SessionStream readInline(
      byte[] bytes, SessionStream.Defaults defaults, SessionModels models) {
    try {
      return read(bytes, null, defaults, models);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A state, its audio inline or read from {@code blocks}. */
  static SessionStream read(
      byte[] bytes, AudioBlocks blocks, SessionStream.Defaults defaults, SessionModels models)
      throws Exception {
    return read(new DataInputStream(new ByteArrayInputStream(bytes)), blocks, defaults, models);
  }

  private static void write(SessionStream s, DataOutput out, boolean audioInline)
      throws IOException {
    out.writeByte(FORMAT);
    out.writeUTF(s.phase.name());
    s.sequencer.write(out);
    List<ChunkSequencer.Release> held = s.held.releases();
    out.writeInt(held.size());
    for (ChunkSequencer.Release r : held) {
      if (r instanceof ChunkSequencer.Gap g) {
        out.writeBoolean(true);
        out.writeLong(g.firstMissing());
        out.writeLong(g.lastMissing());
        out.writeLong(g.silenceSamples());
      } else {
        ChunkSequencer.Audio a = (ChunkSequencer.Audio) r;
        out.writeBoolean(false);
        out.writeLong(a.sequence());
        out.writeLong(a.captureTimeMillis());
        out.writeBoolean(a.endOfStream());
        writePcm16(out, a.samples());
      }
    }
    out.writeLong(s.held.samples());
    out.writeLong(s.ending.lastNamedChunk);
    out.writeBoolean(s.settings != null);
    if (s.settings == null) {
      return;
    }
    s.settings.write(out);
    Transcription t = s.transcription;
    out.writeBoolean(audioInline);
    if (audioInline) {
      t.audio().ring().write(out);
    } else {
      t.audio().ring().writeMeta(out);
    }
    out.writeLong(t.audio().lowestStoredBlock());
    t.audio().vad().write(out);
    SegmentPublisher publisher = t.publisher();
    publisher.confirmer().write(out);
    publisher.segmenter().write(out);
    writeSchedule(out, t.schedule());
    out.writeLong(publisher.partialSequence());
    out.writeInt(publisher.partialRevision());
    out.writeUTF(publisher.lastPartialText());
    List<long[]> captures = t.captureTimes().entries();
    out.writeInt(captures.size());
    for (long[] c : captures) {
      out.writeLong(c[0]);
      out.writeLong(c[1]);
    }
    SessionDiarizer.State diarizer = t.speakers().storedState();
    out.writeBoolean(diarizer != null);
    if (diarizer != null) {
      writeDiarizer(out, diarizer);
      TokenIO.writeWords(out, t.speakers().awaiting());
    }
    StreamingSchedule streaming = t.schedule() instanceof StreamingSchedule st ? st : null;
    out.writeLong(streaming == null ? 0 : streaming.origin());
    out.writeLong(streaming == null ? 0 : streaming.windows());
    out.writeBoolean(s.ending.enhance);
    out.writeInt(s.ending.audioRange.partition());
    out.writeLong(s.ending.audioRange.firstOffset());
    out.writeLong(s.ending.audioRange.lastOffset());
  }

  /** The schedule's fields in the middle of the state: each strategy keeps only its own. */
  private static void writeSchedule(DataOutput out, DecodeSchedule schedule) throws IOException {
    out.writeLong(schedule.nextDecodeAt());
    ChunkedSchedule chunked = schedule instanceof ChunkedSchedule c ? c : null;
    DecoderState decoderState = chunked == null ? DecoderState.initial() : chunked.decoderState();
    writeFloats(out, decoderState.state1());
    writeFloats(out, decoderState.state2());
    out.writeInt(decoderState.lastToken());
    out.writeBoolean(decoderState.fresh());
    out.writeInt(chunked == null ? 0 : chunked.carryFrames());
    List<TimedToken> pending =
        chunked != null
            ? chunked.pendingTokens()
            : schedule instanceof StreamingSchedule st ? st.pendingTokens() : List.of();
    TokenIO.writeTokens(out, pending);
  }

  private static SessionStream read(
      DataInput in, AudioBlocks blocks, SessionStream.Defaults defaults, SessionModels models)
      throws Exception {
    int format = in.readByte();
    if (format < 1 || format > FORMAT) {
      throw new IOException("unknown session state format " + format + ", expected 1 to " + FORMAT);
    }
    SessionStream s = new SessionStream(defaults, models);
    s.phase = SessionStream.Phase.valueOf(in.readUTF());
    s.sequencer = ChunkSequencer.read(in, defaults.reorderWindow(), format >= 3);
    int heldCount = in.readInt();
    List<ChunkSequencer.Release> held = new ArrayList<>(heldCount);
    for (int i = 0; i < heldCount; i++) {
      if (in.readBoolean()) {
        held.add(new ChunkSequencer.Gap(in.readLong(), in.readLong(), in.readLong()));
      } else {
        long seq = in.readLong();
        long capture = in.readLong();
        boolean eos = in.readBoolean();
        float[] samples = format >= 4 ? readPcm16(in) : readFloatsInline(in);
        held.add(new ChunkSequencer.Audio(seq, samples, capture, eos));
      }
    }
    s.held = new HeldAudio(held, in.readLong());
    if (format >= 3) {
      s.ending.lastNamedChunk = in.readLong();
    }
    if (!in.readBoolean()) {
      return s;
    }
    SessionSettings settings = SessionSettings.read(in, format >= 3);
    s.settings = settings;
    AudioRing ring;
    if (format < 4 || in.readBoolean()) {
      ring = AudioRing.read(in);
    } else if (blocks == null) {
      throw new IOException("session state keeps its audio in blocks: restore it with them");
    } else {
      ring = AudioRing.readMeta(in, blocks);
    }
    // from an older format nothing is in the block store yet: none below the ring's audio to remove
    long lowestStoredBlock =
        format >= 4 ? in.readLong() : ring.oldestSample() / AudioRing.BLOCK_SAMPLES;
    SessionAudio audio = new SessionAudio(ring, VadTrack.read(in, models.vad()), lowestStoredBlock);
    TokenConfirmer confirmer =
        format >= 3 ? TokenConfirmer.read(in) : TokenConfirmer.readTimeRuleOnly(in);
    Segmenter segmenter = Segmenter.read(in, SegmentPublisher.segmentRules(settings), format >= 2);
    long nextDecodeAt = in.readLong();
    float[] state1 = readFloats(in);
    float[] state2 = readFloats(in);
    DecoderState decoderState = new DecoderState(state1, state2, in.readInt(), in.readBoolean());
    int carryFrames = in.readInt();
    List<TimedToken> pendingTokens = TokenIO.readTokens(in);
    long partialSequence = in.readLong();
    int partialRevision = in.readInt();
    String lastPartialText = in.readUTF();
    CaptureTimes captureTimes = new CaptureTimes();
    int captures = in.readInt();
    for (int i = 0; i < captures; i++) {
      captureTimes.add(in.readLong(), in.readLong());
    }
    SpeakerAttribution speakers = SpeakerAttribution.none();
    if (format >= 2 && in.readBoolean()) {
      SessionDiarizer.State stored = readDiarizer(in);
      List<ConfirmedWord> awaiting = TokenIO.readWords(in, true);
      speakers =
          SpeakerAttribution.restored(
              stored, awaiting, models.diarization(), settings.maxSpeakers());
    }
    long streamOrigin = 0;
    long streamWindows = 0;
    if (format >= 5) {
      streamOrigin = in.readLong();
      streamWindows = in.readLong();
      s.ending.enhance = in.readBoolean();
      s.ending.audioRange = new AudioTopicRange(in.readInt(), in.readLong(), in.readLong());
    }
    SegmentPublisher publisher =
        new SegmentPublisher(
            defaults.partials(),
            settings,
            confirmer,
            segmenter,
            captureTimes,
            speakers,
            partialSequence,
            partialRevision,
            lastPartialText);
    DecodeSchedule schedule;
    if (settings.streaming()) {
      schedule =
          new StreamingSchedule(
              settings,
              models.streaming(),
              streamOrigin,
              streamWindows,
              nextDecodeAt,
              pendingTokens);
    } else if (settings.chunked()) {
      schedule =
          new ChunkedSchedule(
              settings, models.decoder(), nextDecodeAt, decoderState, carryFrames, pendingTokens);
    } else {
      schedule = new WindowSchedule(settings, models.decoder(), nextDecodeAt);
    }
    s.transcription =
        new Transcription(models, settings, audio, schedule, captureTimes, speakers, publisher);
    return s;
  }

  private static void writeDiarizer(DataOutput out, SessionDiarizer.State state)
      throws IOException {
    DiarizationState d = state.stream();
    out.writeLong(d.nextFrame());
    out.writeLong(d.audioStart());
    writeFloatsBulk(out, d.audio());
    writeFloatsBulk(out, d.spkcache());
    writeFloatsBulk(out, d.spkcachePreds());
    out.writeBoolean(d.cachePredsKnown());
    writeFloatsBulk(out, d.fifo());
    writeFloatsBulk(out, d.fifoPreds());
    writeFloatsBulk(out, d.silenceMean());
    out.writeLong(d.silenceFrames());
    SpeakerTimeline.Snapshot t = state.timeline();
    out.writeInt(t.maxSpeakers());
    out.writeInt(t.maxFrames());
    out.writeLong(t.firstFrame());
    writeFloatsBulk(out, t.probs());
  }

  private static SessionDiarizer.State readDiarizer(DataInput in) throws IOException {
    DiarizationState d =
        new DiarizationState(
            in.readLong(),
            in.readLong(),
            readFloatsBulk(in),
            readFloatsBulk(in),
            readFloatsBulk(in),
            in.readBoolean(),
            readFloatsBulk(in),
            readFloatsBulk(in),
            readFloatsBulk(in),
            in.readLong());
    SpeakerTimeline.Snapshot t =
        new SpeakerTimeline.Snapshot(in.readInt(), in.readInt(), in.readLong(), readFloatsBulk(in));
    return new SessionDiarizer.State(d, t);
  }

  private static void writeFloatsBulk(DataOutput out, float[] values) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4);
    bytes.asFloatBuffer().put(values);
    out.writeInt(values.length);
    out.write(bytes.array());
  }

  private static float[] readFloatsBulk(DataInput in) throws IOException {
    byte[] raw = new byte[in.readInt() * 4];
    in.readFully(raw);
    float[] values = new float[raw.length / 4];
    ByteBuffer.wrap(raw).asFloatBuffer().get(values);
    return values;
  }

  private static void writePcm16(DataOutput out, float[] samples) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(samples.length * 2);
    for (float f : samples) {
      bytes.putShort(AudioRing.toPcm16(f));
    }
    out.writeInt(samples.length);
    out.write(bytes.array());
  }

  private static float[] readPcm16(DataInput in) throws IOException {
    byte[] raw = new byte[in.readInt() * 2];
    in.readFully(raw);
    ByteBuffer bytes = ByteBuffer.wrap(raw);
    float[] samples = new float[raw.length / 2];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = bytes.getShort() / 32768f;
    }
    return samples;
  }

  /** Formats before 4: held audio as a count and one float per sample. */
  private static float[] readFloatsInline(DataInput in) throws IOException {
    float[] samples = new float[in.readInt()];
    for (int k = 0; k < samples.length; k++) {
      samples[k] = in.readFloat();
    }
    return samples;
  }

  private static void writeFloats(DataOutput out, float[] values) throws IOException {
    out.writeInt(values == null ? -1 : values.length);
    if (values != null) {
      for (float v : values) {
        out.writeFloat(v);
      }
    }
  }

  private static float[] readFloats(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = in.readFloat();
    }
    return values;
  }
}
