package io.captionflow.audio;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A RIFF/WAVE header up to the start of the sample data: the checked 'fmt ' chunk, the data chunk's
 * declared size and where it starts; other chunks are skipped.
 *
 * @param dataBytes bytes the data chunk declares, -1 for {@code 0xFFFFFFFF} ("until end of stream")
 * @param dataOffset bytes before the first sample (all header chunks)
 */
record WavHeader(WavFormat format, long dataBytes, long dataOffset) {

  private static final int TAG_PCM = 0x0001;
  private static final int TAG_ADPCM = 0x0002;
  private static final int TAG_IEEE_FLOAT = 0x0003;
  private static final int TAG_ALAW = 0x0006;
  private static final int TAG_MULAW = 0x0007;
  private static final int TAG_IMA_ADPCM = 0x0011;
  private static final int TAG_MPEG = 0x0050;
  private static final int TAG_MP3 = 0x0055;
  private static final int TAG_EXTENSIBLE = 0xFFFE;
  private static final long UNKNOWN_LENGTH = 0xFFFFFFFFL;

  /** Reads the header from {@code in}, leaving it at the first byte of sample data. */
  static WavHeader read(InputStream in) throws IOException {
    byte[] riff = readHeaderBytes(in, 12, "RIFF header");
    String magic = ascii(riff, 0);
    if (magic.equals("RIFX") || magic.equals("RF64")) {
      throw new WavFormatException(
          "unsupported WAV container '" + magic + "' (only little-endian RIFF is supported)");
    }
    if (!magic.equals("RIFF") || !ascii(riff, 8).equals("WAVE")) {
      throw new WavFormatException(
          "not a WAV file: expected 'RIFF....WAVE' header, found '"
              + printable(riff, 0, 4)
              + "...."
              + printable(riff, 8, 4)
              + "'");
    }
    WavFormat format = null;
    long offset = 12;
    while (true) {
      byte[] chunkHeader = readHeaderBytes(in, 8, format == null ? "'fmt ' chunk" : "'data' chunk");
      String id = ascii(chunkHeader, 0);
      long size = u32(chunkHeader, 4);
      offset += 8;
      if (id.equals("fmt ")) {
        if (size < 16 || size > 1024) {
          throw new WavFormatException("'fmt ' chunk has an invalid size of " + size + " bytes");
        }
        byte[] fmt = readHeaderBytes(in, (int) size, "'fmt ' chunk body");
        skipFully(in, size & 1);
        offset += size + (size & 1);
        format = parseFormat(fmt);
      } else if (id.equals("data")) {
        if (format == null) {
          throw new WavFormatException("'data' chunk appears before the 'fmt ' chunk");
        }
        long dataBytes = size == UNKNOWN_LENGTH ? -1 : size;
        return new WavHeader(format, dataBytes, offset);
      } else {
        skipFully(in, size + (size & 1));
        offset += size + (size & 1);
      }
    }
  }

  private static WavFormat parseFormat(byte[] fmt) throws WavFormatException {
    int tag = u16(fmt, 0);
    int channels = u16(fmt, 2);
    long sampleRate = u32(fmt, 4);
    int blockAlign = u16(fmt, 12);
    int bits = u16(fmt, 14);
    if (tag == TAG_EXTENSIBLE) {
      if (fmt.length < 40) {
        throw new WavFormatException(
            "WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk is "
                + fmt.length
                + " bytes, expected at least 40");
      }
      tag = u16(fmt, 24); // first two bytes of the SubFormat GUID carry the real format tag
    }
    WavFormat.Encoding encoding;
    if (tag == TAG_PCM) {
      if (bits != 8 && bits != 16 && bits != 24 && bits != 32) {
        throw new WavFormatException(
            "unsupported PCM bit depth " + bits + " (supported: 8, 16, 24, 32)");
      }
      encoding = bits == 8 ? WavFormat.Encoding.PCM_UNSIGNED_8 : WavFormat.Encoding.PCM_SIGNED;
    } else if (tag == TAG_IEEE_FLOAT) {
      if (bits != 32 && bits != 64) {
        throw new WavFormatException(
            "unsupported IEEE float bit depth " + bits + " (supported: 32, 64)");
      }
      encoding = WavFormat.Encoding.IEEE_FLOAT;
    } else {
      throw new WavFormatException(
          "unsupported WAV encoding "
              + tagName(tag)
              + "; convert it first, e.g. ffmpeg -i in.wav -c:a pcm_s16le out.wav");
    }
    if (channels < 1 || channels > WavReader.MAX_CHANNELS) {
      throw new WavFormatException(
          "invalid channel count " + channels + " (supported: 1.." + WavReader.MAX_CHANNELS + ")");
    }
    if (sampleRate < WavReader.MIN_SAMPLE_RATE || sampleRate > WavReader.MAX_SAMPLE_RATE) {
      throw new WavFormatException(
          "absurd sample rate "
              + sampleRate
              + " Hz (supported: "
              + WavReader.MIN_SAMPLE_RATE
              + ".."
              + WavReader.MAX_SAMPLE_RATE
              + " Hz)");
    }
    int expectedAlign = channels * bits / 8;
    if (blockAlign != expectedAlign) {
      throw new WavFormatException(
          "inconsistent 'fmt ' chunk: block align "
              + blockAlign
              + " but "
              + channels
              + " channel(s) x "
              + bits
              + " bits need "
              + expectedAlign);
    }
    return new WavFormat(encoding, (int) sampleRate, channels, bits);
  }

  private static String tagName(int tag) {
    String name =
        switch (tag) {
          case TAG_ADPCM -> "Microsoft ADPCM";
          case TAG_IMA_ADPCM -> "IMA ADPCM";
          case TAG_ALAW -> "A-law";
          case TAG_MULAW -> "mu-law";
          case TAG_MPEG -> "MPEG";
          case TAG_MP3 -> "MP3";
          default -> "unknown";
        };
    return name + String.format(" (format tag 0x%04X)", tag);
  }

  private static byte[] readHeaderBytes(InputStream in, int n, String what) throws IOException {
    byte[] b = new byte[n];
    int read = in.readNBytes(b, 0, n);
    if (read < n) {
      throw new WavFormatException(
          read == 0 && what.startsWith("RIFF")
              ? "empty input: not a WAV file"
              : "WAV header is truncated: the stream ends while reading the " + what);
    }
    return b;
  }

  private static void skipFully(InputStream in, long n) throws IOException {
    try {
      in.skipNBytes(n);
    } catch (EOFException e) {
      throw new WavFormatException(
          "WAV header is truncated: the stream ends inside a chunk before the 'data' chunk");
    }
  }

  private static String ascii(byte[] b, int off) {
    return new String(b, off, 4, StandardCharsets.ISO_8859_1);
  }

  private static String printable(byte[] b, int off, int len) {
    StringBuilder s = new StringBuilder();
    for (int i = off; i < off + len; i++) {
      int c = b[i] & 0xff;
      s.append(c >= 32 && c < 127 ? (char) c : '?');
    }
    return s.toString();
  }

  private static int u16(byte[] b, int p) {
    return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8;
  }

  private static long u32(byte[] b, int p) {
    return ((b[p] & 0xffL)
        | (b[p + 1] & 0xffL) << 8
        | (b[p + 2] & 0xffL) << 16
        | (b[p + 3] & 0xffL) << 24);
  }
}
