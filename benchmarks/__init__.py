"""The benchmark suite: what patients and staff feel, against the bare stack on the same machine.

``scripts/bench`` runs every benchmark, prints a table (figure, median, 95th percentile,
baseline, ratio, target, pass or fail) and writes the figures with the machine they ran
on to ``bench-results.json``; ``scripts/bench --short`` runs each once with small data
(CI runs it so the suite cannot rot: it reports, it does not judge).

Every measurement runs in a fresh subprocess (``benchmarks.child``); timings that depend
on the machine are set against a baseline measured in the same run, interleaved with
the app's (baseline, app, baseline, app ...), and judged by the ratio.
"""
