package io.captionflow.asr.download;

import java.util.Locale;

/** How a catalog model decodes, which decides the job modes it can serve. */
public enum ModelKind {
  /** Parakeet TDT: whole windows, re-encoded as they slide (window modes, chunked). */
  OFFLINE_TDT,
  /** NeMo cache-aware streaming transducer: fixed chunks, encoder caches carried between them. */
  CACHE_AWARE;

  /** The name {@code download-model --list} prints: offline-tdt, cache-aware. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
