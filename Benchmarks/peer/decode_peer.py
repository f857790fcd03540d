"""The decoder's Python peer: orjson.loads on the very frames `thebot-bench decoder` decodes.

    DECODER_FRAMES_OUT=frames.jsonl thebot-bench decoder
    python3 Benchmarks/peer/decode_peer.py frames.jsonl [--repeats 5]

The file is read whole and split into one bytes object per frame before any timing. Each pass
parses every frame with `orjson.loads` (parse only: what a Python client does first with a
message) on one thread, timed with `time.thread_time()` (the thread's CPU clock, as the Swift
side). The figures are from the median pass. Prints `name value` lines:

    python_version 3.11.9
    orjson_version 3.13.0
    orjson_frames 200000
    orjson_repeats 5
    orjson_frames_per_s N
    orjson_ns_per_frame N
"""
import argparse
import platform
import statistics
import sys
import time

import orjson


def load_frames(path):
    with open(path, "rb") as f:
        data = f.read()
    frames = [line.rstrip(b"\r") for line in data.split(b"\n")]
    return [frame for frame in frames if frame]


def one_pass(frames):
    loads = orjson.loads
    start = time.thread_time()
    for frame in frames:
        loads(frame)
    return time.thread_time() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", help="frames, one per line (DECODER_FRAMES_OUT of thebot-bench decoder)")
    parser.add_argument("--repeats", type=int, default=5, help="timed passes; the median is reported (default 5)")
    args = parser.parse_args()
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")

    frames = load_frames(args.file)
    if not frames:
        sys.exit(f"decode_peer: no frames in {args.file}")
    # Every frame must parse, or the rate would time error paths.
    for i, frame in enumerate(frames):
        try:
            orjson.loads(frame)
        except orjson.JSONDecodeError as error:
            sys.exit(f"decode_peer: frame {i + 1} is not JSON: {error}")

    seconds = statistics.median(one_pass(frames) for _ in range(args.repeats))
    seconds = max(seconds, 1e-9)
    print(f"python_version {platform.python_version()}")
    print(f"orjson_version {orjson.__version__}")
    print(f"orjson_frames {len(frames)}")
    print(f"orjson_repeats {args.repeats}")
    print(f"orjson_frames_per_s {int(len(frames) / seconds)}")
    print(f"orjson_ns_per_frame {seconds / len(frames) * 1e9:.1f}")


if __name__ == "__main__":
    main()
