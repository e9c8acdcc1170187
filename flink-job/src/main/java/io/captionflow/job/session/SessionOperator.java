package io.captionflow.job.session;

import io.captionflow.job.source.DeadLetters;
import io.captionflow.job.source.SessionInput;
import io.captionflow.schema.DeadLetter;
import io.captionflow.schema.TranscriptEvent;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The keyed session operator as a mini-batch, the way Flink's table runtime bundles records by key:
 * input is bundled per session until {@link Bundle#maxRecords} records or {@link Bundle#maxWait}
 * have passed; then each session of the bundle loads once, takes its inputs in order, its decodes
 * run in batched rounds with every other session's ({@link DecodeRounds}), and it is stored once.
 * The bundle is finished before a checkpoint barrier, before a watermark is forwarded (so timers
 * see every earlier input) and at the end of input, so no state ever holds a decode still due. Live
 * sessions stay in memory between bundles; their audio reaches keyed state in blocks as they fill,
 * the rest at each checkpoint.
 *
 * <p>State names, the timer service's name and the operator uid are those of the former {@code
 * KeyedProcessOperator}, so savepoints of earlier releases restore into this operator.
 */
public final class SessionOperator extends AbstractStreamOperator<TranscriptEvent>
    implements OneInputStreamOperator<SessionInput, TranscriptEvent>,
        Triggerable<String, VoidNamespace>,
        BoundedOneInput {

  /**
   * How a bundle is cut: at {@code maxRecords} inputs or {@code maxWait} after its first; at most
   * {@code maxBatch} decodes go into one model call.
   */
  public record Bundle(int maxRecords, Duration maxWait, int maxBatch) implements Serializable {

    /**
     * 20 ms adds at most that to a word's way out (a decode falls due every 160–200 ms in the
     * window modes) while 500 rooms fill batches of ~50; see README "Sizing".
     */
    public static final Bundle DEFAULT = new Bundle(1000, Duration.ofMillis(20), 32);

    /** One record per bundle: every input is processed at once (tests of per-record behaviour). */
    public static final Bundle NONE = new Bundle(1, Duration.ZERO, 1);

    public Bundle {
      if (maxRecords < 1) {
        throw new IllegalArgumentException("bundle size must be at least 1, got " + maxRecords);
      }
      if (maxWait.isNegative()) {
        throw new IllegalArgumentException("bundle wait must not be negative, got " + maxWait);
      }
      if (maxBatch < 1) {
        throw new IllegalArgumentException("decode batch must be at least 1, got " + maxBatch);
      }
    }
  }

  private final SessionProcessor processor;
  private final Bundle bundle;

  private transient InternalTimerService<VoidNamespace> timers;
  private transient DecodeRounds rounds;
  private transient Map<String, List<StreamRecord<SessionInput>>> pending;
  private transient int pendingRecords;

  /** Numbers bundles, so a wait timer set for an earlier bundle does not cut a later one short. */
  private transient long bundleNumber;

  private transient StreamRecord<TranscriptEvent> reuse;

  public SessionOperator(SessionProcessor processor, Bundle bundle) {
    this.processor = processor;
    this.bundle = bundle;
  }

  @Override
  public void open() throws Exception {
    super.open();
    timers = getInternalTimerService("user-timers", VoidNamespaceSerializer.INSTANCE, this);
    processor.open(getKeyedStateStore(), getMetricGroup(), getRuntimeContext());
    rounds = processor.decodeRounds(bundle.maxBatch());
    pending = new LinkedHashMap<>();
    reuse = new StreamRecord<>(null);
  }

  @Override
  public void processElement(StreamRecord<SessionInput> element) throws Exception {
    String key = (String) getCurrentKey();
    pending.computeIfAbsent(key, k -> new ArrayList<>()).add(element.copy(element.getValue()));
    if (++pendingRecords >= bundle.maxRecords()) {
      finishBundle();
    } else if (pendingRecords == 1) {
      long thisBundle = bundleNumber;
      getProcessingTimeService()
          .registerTimer(
              getProcessingTimeService().getCurrentProcessingTime() + bundle.maxWait().toMillis(),
              time -> {
                if (bundleNumber == thisBundle) {
                  finishBundle();
                }
              });
    }
  }

  /** Every session of the bundle: its inputs in order, then the decode rounds, then its store. */
  private void finishBundle() throws Exception {
    if (pendingRecords == 0) {
      return;
    }
    Object keyBefore = getCurrentKey();
    List<SessionProcessor.LoadedSession> loaded = new ArrayList<>(pending.size());
    List<DecodeRounds.Member> members = new ArrayList<>();
    for (Map.Entry<String, List<StreamRecord<SessionInput>>> e : pending.entrySet()) {
      setCurrentKey(e.getKey());
      KeyContext ctx = new KeyContext(e.getKey());
      SessionProcessor.LoadedSession session = processor.load(e.getKey());
      for (StreamRecord<SessionInput> r : e.getValue()) {
        processor.apply(session, r.getValue(), r.hasTimestamp() ? r.getTimestamp() : null, ctx);
      }
      if (session.stream != null) {
        loaded.add(session);
        if (session.stream.dueDecodes().hasDueDecode()) {
          members.add(new DecodeRounds.Member(session.stream, session.emitter));
        }
      }
    }
    pending.clear();
    pendingRecords = 0;
    bundleNumber++;
    rounds.run(members);
    for (SessionProcessor.LoadedSession session : loaded) {
      setCurrentKey(session.id);
      processor.store(session, new KeyContext(session.id));
    }
    if (keyBefore != null) {
      setCurrentKey(keyBefore);
    }
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    finishBundle();
    super.processWatermark(mark);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    finishBundle();
    super.prepareSnapshotPreBarrier(checkpointId);
  }

  /**
   * Runs before the keyed state backend is snapshotted: the sessions changed since the last
   * checkpoint go to keyed state (the bundle is already empty: the task finished it before the
   * barrier; a snapshot without that step still loses nothing).
   */
  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    finishBundle();
    Object keyBefore = getCurrentKey();
    for (String id : processor.changedSessions()) {
      setCurrentKey(id);
      processor.persist(id);
    }
    if (keyBefore != null) {
      setCurrentKey(keyBefore);
    }
    super.snapshotState(context);
  }

  @Override
  public void endInput() throws Exception {
    finishBundle();
  }

  @Override
  public void finish() throws Exception {
    finishBundle();
    super.finish();
  }

  @Override
  public void close() throws Exception {
    processor.close();
    super.close();
  }

  @Override
  public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
    processor.onEventTimer(timer.getTimestamp(), new KeyContext(timer.getKey()));
  }

  @Override
  public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
    processor.onProcessingTimer(timer.getTimestamp(), new KeyContext(timer.getKey()));
  }

  /** One key's view of the operator; the operator's current key must be that key while in use. */
  private final class KeyContext implements SessionProcessor.KeyContext {
    private final String key;

    KeyContext(String key) {
      this.key = key;
    }

    @Override
    public String key() {
      return key;
    }

    @Override
    public long currentWatermark() {
      return timers.currentWatermark();
    }

    @Override
    public void registerEventTimeTimer(long time) {
      timers.registerEventTimeTimer(VoidNamespace.INSTANCE, time);
    }

    @Override
    public void deleteEventTimeTimer(long time) {
      timers.deleteEventTimeTimer(VoidNamespace.INSTANCE, time);
    }

    @Override
    public void emit(TranscriptEvent event, Long timestamp) {
      output.collect(timestamped(event, timestamp));
    }

    @Override
    public void deadLetter(DeadLetter letter) {
      output.collect(DeadLetters.TAG, new StreamRecord<>(letter));
    }
  }

  private StreamRecord<TranscriptEvent> timestamped(TranscriptEvent event, Long timestamp) {
    if (timestamp == null) {
      reuse.replace(event);
      reuse.eraseTimestamp();
      return reuse;
    }
    return reuse.replace(event, timestamp);
  }
}
