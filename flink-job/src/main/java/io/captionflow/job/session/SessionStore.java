package io.captionflow.job.session;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;

/**
 * Where a subtask's live sessions are kept: in memory between bundles, so an input costs no state
 * read, and in keyed state, where a restore reads them: the ring's audio in blocks as they fill
 * ({@link #keep}), the partly filled block and the rest as one value at each checkpoint ({@link
 * #persist}). Keyed calls act on the current key.
 */
final class SessionStore {

  private final ValueState<byte[]> session;
  private final MapState<Long, byte[]> ringAudio;
  private final AudioBlocks audioBlocks;
  private final SessionStream.Defaults defaults;
  private final SessionModels models;
  private final Counter stateBytesWritten;
  private final Map<String, SessionStream> inMemory = new HashMap<>();
  private final Set<String> changed = new LinkedHashSet<>();

  SessionStore(
      KeyedStateStore states,
      SessionStream.Defaults defaults,
      SessionModels models,
      Counter stateBytesWritten) {
    this.session =
        states.getState(
            new ValueStateDescriptor<>(
                "session", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    this.ringAudio =
        states.getMapState(
            new MapStateDescriptor<>(
                "ring-audio", Types.LONG, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    this.defaults = defaults;
    this.models = models;
    this.stateBytesWritten = stateBytesWritten;
    this.audioBlocks =
        new AudioBlocks() {
          @Override
          public byte[] get(long block) throws Exception {
            return ringAudio.get(block);
          }

          @Override
          public void put(long block, byte[] bytes) throws Exception {
            ringAudio.put(block, bytes);
            stateBytesWritten.inc(bytes.length);
          }

          @Override
          public void remove(long block) throws Exception {
            ringAudio.remove(block);
          }
        };
  }

  /**
   * The live session of the current key: in memory since its last input, else restored from state
   * (after a restore or rescale); null when there is none.
   */
  SessionStream stored(String id) throws Exception {
    SessionStream stream = inMemory.get(id);
    if (stream != null) {
      return stream;
    }
    byte[] bytes = session.value();
    if (bytes == null) {
      return null;
    }
    stream =
        SessionStream.restore(
            bytes,
            audioBlocks,
            defaults,
            models.decoder(),
            models.streaming(),
            models.vad(),
            models.diarization());
    inMemory.put(id, stream);
    return stream;
  }

  /**
   * Keeps the current key's session, to be persisted at the next checkpoint; its audio blocks
   * filled meanwhile go to keyed state now, so a checkpoint does not write every session's audio
   * since the last one at once (a synchronous burst that held words back for a second or more).
   */
  void keep(String id, SessionStream stream) throws Exception {
    stream.persistFilledAudio(audioBlocks);
    inMemory.put(id, stream);
    changed.add(id);
  }

  /** Drops the current key's session from memory and state. */
  void forget(String id) {
    inMemory.remove(id);
    changed.remove(id);
    session.clear();
    ringAudio.clear();
  }

  /** Sessions changed since the last checkpoint: {@link #persist} each with its key current. */
  Set<String> changedSessions() {
    return Set.copyOf(changed);
  }

  /** Writes the current key's session to keyed state, if it changed since the last checkpoint. */
  void persist(String id) throws Exception {
    SessionStream stream = inMemory.get(id);
    if (stream != null && changed.remove(id)) {
      byte[] bytes = stream.persist(audioBlocks);
      session.update(bytes);
      stateBytesWritten.inc(bytes.length);
    }
  }

  /** Sessions of this subtask being transcribed or waiting for their START (refused ones aside). */
  long liveSessions() {
    return inMemory.values().stream()
        .filter(
            st ->
                st.phase() == SessionStream.Phase.RUNNING
                    || st.phase() == SessionStream.Phase.WAITING_FOR_START)
        .count();
  }
}
