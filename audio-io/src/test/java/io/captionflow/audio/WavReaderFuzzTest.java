package io.captionflow.audio;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of {@link WavReader#read(java.io.InputStream)}: any bytes either decode
 * or throw {@link WavFormatException}, within a bounded allocation and time. Without JAZZER_FUZZ
 * only the committed inputs in {@code WavReaderFuzzTestInputs/read/} run (README "Fuzzing").
 */
class WavReaderFuzzTest {

  // The header is trusted for up to 4 Mi samples (16 MiB) up front; everything else must scale
  // with the input.
  private static final long FIXED_ALLOCATION_BUDGET = 48L << 20;
  private static final long ALLOCATION_PER_INPUT_BYTE = 64;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @FuzzTest(maxDuration = "60s")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void read(byte[] input) throws Exception {
    long before = THREADS.getCurrentThreadAllocatedBytes();
    try {
      PcmAudio audio = WavReader.read(new ByteArrayInputStream(input));
      assertTrue(
          audio.samples().length <= input.length,
          "more samples (" + audio.samples().length + ") than input bytes (" + input.length + ")");
    } catch (WavFormatException expected) {
      // the documented refusal of bad input
    }
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
    long budget = FIXED_ALLOCATION_BUDGET + ALLOCATION_PER_INPUT_BYTE * input.length;
    assertTrue(
        allocated <= budget,
        "read allocated " + allocated + " bytes for " + input.length + " input bytes");
  }
}
