#!/usr/bin/env python3
"""The arithmetic of docs/capacity.md: streams per H100 per latency mode, on paper.

Every number below is either computed from the synthetic model's layer shapes
(asr-engine SyntheticParakeet.Shape.parakeet(24)), taken from a measurement on the 2-core
development box (named as such), or an assumption (named as such). Change an assumption and run
`python3 docs/capacity_estimate.py` to print the tables again.
"""

from dataclasses import dataclass

FRAMES_PER_SECOND = 12.5  # 8x subsampling of 10 ms feature frames: one encoder frame = 80 ms
FEATURE_FRAMES_PER_SECOND = 100
D, FF, KERNEL, SUB_C, FEATURES, LAYERS = 1024, 4096, 9, 256, 128, 24
PRED_H, VOCAB = 640, 8192  # prediction network width; pieces without the blank

# --- model arithmetic (multiply-accumulates, as SyntheticParakeet.Shape counts them) ----------
FRONT_MACS = (
    4 * (FEATURES // 2) * SUB_C * 9  # conv 1->256 3x3/2 on 4 x 64 outputs per encoder frame
    + 2 * (FEATURES // 4) * SUB_C * (9 + SUB_C)  # depthwise + pointwise on 2 x 32
    + (FEATURES // 8) * SUB_C * (9 + SUB_C)  # depthwise + pointwise on 1 x 16
    + SUB_C * (FEATURES // 8) * D  # linear 4096 -> 1024
)
LAYER_MACS = 4 * D * FF + 5 * D * D + 3 * D * D + D * KERNEL  # FFs, q/k/v/pos/out, conv module
ATTENTION_MACS_PER_WINDOW_FRAME = LAYERS * 3 * D  # q.k, q.p and context, per frame of the window
DENSE_MACS = LAYERS * LAYER_MACS + FRONT_MACS
DECODER_MACS = 2 * 8 * PRED_H**2 + D * PRED_H + PRED_H**2 + PRED_H * (VOCAB + 1 + 5)

# --- bytes that cross PCIe (ONNX Runtime's Java API has no I/O binding) ----------------------
F32 = 4
ENCODER_BYTES_PER_WINDOW_SECOND = (
    FEATURES * FEATURE_FRAMES_PER_SECOND * F32  # audio_signal [B, 128, T] in
    + D * FRAMES_PER_SECOND * F32  # outputs [B, 1024, T'] out
)
DECODER_IN_BYTES = D * F32 + 4 + 4 + 2 * (2 * PRED_H * F32)  # frame, target, length, 2 states
DECODER_OUT_BYTES = (VOCAB + 1 + 5) * F32 + 4 + 2 * (2 * PRED_H * F32)  # logits, length, 2 states
DECODER_BYTES_PER_ROW_STEP = DECODER_IN_BYTES + DECODER_OUT_BYTES

# --- the cache-aware streaming model (nemotron-speech-streaming-en-0.6b, 320 ms chunks) -------
CHUNK_FRAMES, LEFT_CONTEXT, CACHE_TIME = 4, 70, 8  # T', C (cache_last_channel_dim2), K - 1
CHUNKS_PER_SECOND = FRAMES_PER_SECOND / CHUNK_FRAMES
STREAM_WINDOW_FEATURE_FRAMES = 8 * CHUNK_FRAMES + 9  # 41: chunk_shift + pre-encode cache
STREAM_LAYER_MACS_PER_CHUNK = (
    CHUNK_FRAMES * LAYER_MACS  # the chunk's own frames, as offline
    + LEFT_CONTEXT * 2 * D * D  # K and V of the cached frames, recomputed every chunk
    + 3 * CHUNK_FRAMES * (LEFT_CONTEXT + CHUNK_FRAMES) * D  # scores and context over C + T'
)
STREAM_POS_MACS_PER_CALL = LAYERS * (2 * (LEFT_CONTEXT + CHUNK_FRAMES) - 1) * D * D  # batch-shared
STREAM_FRONT_MACS_PER_CHUNK = STREAM_WINDOW_FEATURE_FRAMES / 8 * FRONT_MACS
CACHE_VALUES = LAYERS * LEFT_CONTEXT * D + LAYERS * D * CACHE_TIME  # per stream


def stream_bytes_per_chunk(cache_value_bytes):
    return (
        2 * CACHE_VALUES * cache_value_bytes  # caches in and out, every chunk
        + FEATURES * STREAM_WINDOW_FEATURE_FRAMES * F32
        + D * CHUNK_FRAMES * F32
    )


RNNT_JOINER_MACS = D * PRED_H + PRED_H * PRED_H + PRED_H * 1025
RNNT_DECODER_MACS = 2 * 8 * PRED_H**2
TOKENS_PER_SECOND = 4  # speech-like: 3-4 pieces per second (the synthetic joint emits ~3.1-3.5)
RNNT_JOINER_CALLS = FRAMES_PER_SECOND + TOKENS_PER_SECOND  # one per frame, one more per token
RNNT_BYTES_PER_SECOND = RNNT_JOINER_CALLS * (D + PRED_H + 1025) * F32 + TOKENS_PER_SECOND * (
    8 + 4 * 2 * PRED_H * F32 + PRED_H * F32
)

# --- assumptions about the H100 and ONNX Runtime (not measured: no GPU was available) ---------
@dataclass(frozen=True)
class Assumptions:
    peak_fp16: float = 989e12  # H100 SXM5 dense fp16/bf16 tensor FLOP/s (PCIe card: 756e12)
    encoder_utilisation: float = 0.30  # of peak, encoder at batches of thousands of frames
    decoder_flops: float = 20e12  # decoder_joint's small GEMMs and LSTM steps (2 % of peak)
    pcie: float = 10e9  # bytes/s, pageable host memory, synchronous copies, both directions
    encoder_call_gpu: float = 1.0e-3  # s per encoder call: ~1000 kernel launches + sync
    decoder_call_gpu: float = 0.10e-3  # s per decoder call on the GPU: ~15 kernels, 9 small copies
    # measured on the 2-core development box (CPU), per host thread:
    mel_per_window_second: float = 2.5e-3  # README "Measured": the Java front end
    decoder_call_host: float = 0.10e-3  # DecoderStepHostCost: thread CPU per call at batch 1
    decoder_row_host: float = 45e-6  # DecoderStepHostCost: thread CPU per row at batch 16-256
    host_copy: float = 5e9  # bytes/s per thread, Java arrays <-> native tensors (two per byte)
    vad_per_second: float = 4.7e-3  # README "Measured": Silero v5, 150 us per 32 ms frame
    state_per_second: float = 8.3e-3  # issue #12: 0.83 ms per 100 ms chunk to rewrite the state
    host_cores: int = 16  # threads (slots) that drive the GPU, one core each
    # levers (off by default): what the job does today
    mel_once: bool = False  # log-mel frames computed once per stream and kept, not per window
    argmax_in_graph: bool = False  # decoder_joint returns token and duration, not V + 5 logits
    cache_value_bytes: int = 4  # streaming caches as exported (fp32); 2 for an fp16-cache export


MODES = [  # id, window encoded per decode (s), interval (s), audio greedy-decoded per decode (s)
    ("speedy", 8.0, 0.2, 8.0),
    ("pause-based", 10.0, 0.3, 10.0),
    ("lookahead", 10.0, 0.3, 10.0),
    ("extreme-low-latency", 5.0, 0.5, 5.0),
    ("ultra-low-latency", 8.0, 1.0, 8.0),
    ("low-latency", 10.0, 1.5, 10.0),
    ("chunked", 4.48, 1.6, 1.6),
]


def window_mode(a, window, interval, decoded):
    """Per stream and audio second, and per decode round, for a re-encoding mode."""
    passes = window / interval
    flop_per_encoded_second = FRAMES_PER_SECOND * 2 * (
        DENSE_MACS + ATTENTION_MACS_PER_WINDOW_FRAME * FRAMES_PER_SECOND * window
    )
    steps = FRAMES_PER_SECOND * decoded  # sequential decoder calls per round
    row_bytes = DECODER_BYTES_PER_ROW_STEP - (
        (VOCAB + 1 + 5 - 2) * F32 if a.argmax_in_graph else 0
    )
    row_host = a.decoder_row_host * (row_bytes / DECODER_BYTES_PER_ROW_STEP)
    mel = (interval if a.mel_once else window) * a.mel_per_window_second
    return {
        "passes": passes,
        "gflop": passes * flop_per_encoded_second / 1e9,
        "calls": steps / interval,
        "mb": (passes * ENCODER_BYTES_PER_WINDOW_SECOND + steps / interval * row_bytes) / 1e6,
        "interval": interval,
        # per round (one decode of each stream): GPU time, fixed and per stream
        "gpu_fixed": a.encoder_call_gpu + steps * a.decoder_call_gpu,
        "gpu_per_stream": window * flop_per_encoded_second
        / (a.encoder_utilisation * a.peak_fp16)
        + window * ENCODER_BYTES_PER_WINDOW_SECOND / a.pcie
        + steps * (row_bytes / a.pcie + 2 * DECODER_MACS / a.decoder_flops),
        # host thread time, fixed and per stream
        "host_fixed": steps * a.decoder_call_host,
        "host_per_stream": mel
        + interval * (a.vad_per_second + a.state_per_second)
        + 2 * window * ENCODER_BYTES_PER_WINDOW_SECOND / a.host_copy
        + steps * row_host,
    }


def streaming_mode(a):
    """The cache-aware model at 320 ms chunks: each chunk encoded once, caches round-trip; the
    RNN-T decoder and joiner run per stream at batch 1 (the export fixes it)."""
    enc_macs = LAYERS * STREAM_LAYER_MACS_PER_CHUNK + STREAM_FRONT_MACS_PER_CHUNK
    rnnt_macs = RNNT_JOINER_CALLS * RNNT_JOINER_MACS + TOKENS_PER_SECOND * RNNT_DECODER_MACS
    interval = CHUNK_FRAMES / FRAMES_PER_SECOND
    calls = (RNNT_JOINER_CALLS + TOKENS_PER_SECOND) * interval  # per stream and chunk
    stream_bytes = stream_bytes_per_chunk(a.cache_value_bytes)
    chunk_bytes = stream_bytes + RNNT_BYTES_PER_SECOND * interval
    return {
        "passes": enc_macs / (CHUNK_FRAMES * DENSE_MACS),
        "gflop": (CHUNKS_PER_SECOND * 2 * enc_macs + 2 * rnnt_macs) / 1e9,
        "calls": RNNT_JOINER_CALLS + TOKENS_PER_SECOND,
        "mb": (CHUNKS_PER_SECOND * stream_bytes + RNNT_BYTES_PER_SECOND) / 1e6,
        "interval": interval,
        "gpu_fixed": a.encoder_call_gpu
        + 2 * STREAM_POS_MACS_PER_CALL / (a.encoder_utilisation * a.peak_fp16),
        "gpu_per_stream": 2 * enc_macs / (a.encoder_utilisation * a.peak_fp16)
        + chunk_bytes / a.pcie
        + calls * a.decoder_call_gpu,
        "host_fixed": 0.0,
        "host_per_stream": 2 * chunk_bytes / a.host_copy
        + calls * a.decoder_call_host
        + interval * (a.mel_per_window_second + a.vad_per_second + a.state_per_second),
    }


def streams(m, slots):
    """Most streams when `slots` host threads each run one round per interval over their share:
    the GPU runs every thread's calls one after the other (one CUDA stream per session), and a
    thread waits for its own calls (ONNX Runtime's run is synchronous)."""
    gpu = (m["interval"] - slots * m["gpu_fixed"]) / m["gpu_per_stream"]
    thread = slots * (m["interval"] - m["host_fixed"] - m["gpu_fixed"]) / (
        m["host_per_stream"] + m["gpu_per_stream"]
    )
    return max(0.0, min(gpu, thread))


def unbatched(m, a):
    """Today: every decode is a round of its own (batch 1), on up to host_cores threads."""
    per_decode_gpu = m["gpu_fixed"] + m["gpu_per_stream"]
    per_decode_thread = per_decode_gpu + m["host_fixed"] + m["host_per_stream"]
    return min(m["interval"] / per_decode_gpu, a.host_cores * m["interval"] / per_decode_thread)


def best(m, a):
    return max((streams(m, k), k) for k in range(1, a.host_cores + 1))


def rows(a):
    out = [(mid, window_mode(a, w, i, d)) for mid, w, i, d in MODES]
    out.append(("streaming (320 ms)", streaming_mode(a)))
    return out


VARIANTS = [
    ("as assumed", Assumptions()),
    ("encoder at 15 % of peak", Assumptions(encoder_utilisation=0.15)),
    ("encoder at 50 % of peak", Assumptions(encoder_utilisation=0.50)),
    ("PCIe 25 GB/s (pinned)", Assumptions(pcie=25e9)),
    ("32 host cores", Assumptions(host_cores=32)),
    ("fp16 streaming caches", Assumptions(cache_value_bytes=2)),
    (
        "levers: mel once, argmax in graph, state per chunk 0.05 ms",
        Assumptions(mel_once=True, argmax_in_graph=True, state_per_second=0.5e-3),
    ),
]


def main():
    print(f"dense encoder MACs per frame: {DENSE_MACS:,} ({2 * DENSE_MACS / 1e9:.3f} GFLOP)")
    print(f"  front {FRONT_MACS:,}, per layer {LAYER_MACS:,}, attention {ATTENTION_MACS_PER_WINDOW_FRAME:,} x T")
    print(f"decoder_joint MACs per step: {DECODER_MACS:,} ({2 * DECODER_MACS / 1e6:.1f} MFLOP)")
    print(f"decoder bytes per row and step: in {DECODER_IN_BYTES:,} + out {DECODER_OUT_BYTES:,}")
    print(f"encoder bytes per window second: {ENCODER_BYTES_PER_WINDOW_SECOND:,.0f}")
    print(f"streaming: layer MACs per chunk {STREAM_LAYER_MACS_PER_CHUNK:,}, pos per call"
          f" {STREAM_POS_MACS_PER_CALL:,}, caches {CACHE_VALUES * F32:,} B,"
          f" bytes per chunk {stream_bytes_per_chunk(F32):,}")
    print()
    a = Assumptions()
    print("| mode | encoder work | GFLOP / audio s | decoder rows / audio s | PCIe MB / audio s "
          "| compute only | PCIe only | GPU rounds | GPU rounds + host (slots) | today, batch 1 |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for mid, m in rows(a):
        compute_only = a.encoder_utilisation * a.peak_fp16 / (m["gflop"] * 1e9)
        pcie_only = a.pcie / (m["mb"] * 1e6)
        gpu_only = (m["interval"] - m["gpu_fixed"]) / m["gpu_per_stream"]
        n, k = best(m, a)
        print(f"| {mid} | {m['passes']:.2f}x | {m['gflop']:.1f} | {m['calls']:.0f} | {m['mb']:.1f} "
              f"| {compute_only:,.0f} | {pcie_only:,.0f} | {gpu_only:,.0f} | **{n:,.0f}** ({k}) "
              f"| {unbatched(m, a):,.0f} |")
    print()
    print("| mode | interval | GPU per round | GPU per stream and round | host per round (thread)"
          " | host per stream and round |")
    print("|---|---|---|---|---|---|")
    for mid, m in rows(a):
        print(f"| {mid} | {m['interval'] * 1e3:.0f} ms | {m['gpu_fixed'] * 1e3:.2f} ms"
              f" | {m['gpu_per_stream'] * 1e3:.2f} ms | {m['host_fixed'] * 1e3:.2f} ms"
              f" | {m['host_per_stream'] * 1e3:.2f} ms |")
    print()
    print("| mode | " + " | ".join(name for name, _ in VARIANTS) + " |")
    print("|---|" + "---|" * len(VARIANTS))
    table = [[best(m, v)[0] for _, m in rows(v)] for _, v in VARIANTS]
    for i, (mid, _) in enumerate(rows(a)):
        print(f"| {mid} | " + " | ".join(f"{col[i]:,.0f}" for col in table) + " |")


if __name__ == "__main__":
    main()
