"""Instructions by part of a scoring run, from callgrind's per-thread files.

    valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file=DIR/cg.out \
        target/release/proficient score --framework job-retention --evidence FILE \
        --as-of 2026-06-30 --format csv --out OUT
    python3 bench/callgrind_parts.py DIR ITEMS

sums each part's inclusive count (`callgrind_annotate --inclusive=yes`) over
the threads and prints it in millions and per item (README, "Where the time
goes (issue 21)"). A function inlined into another is counted in the caller
(e.g. `Checks::ready` in the reading thread's hand-off). Prints figures only.
"""
import subprocess, sys, glob, re
d = sys.argv[1]
rows = float(sys.argv[2])
keys = {
 'parse CSV blocks (evidence::chunks::parse)': [r'evidence::chunks::parse \['],
 'cut blocks, hand batches on (reader thread, without checks)': None,
 'check rows ahead (Checks::ready, reader thread)': [r'checks::Checks::ready \['],
 'score (Scorer::push_ready / score_batch)': [r'Scorer::push_ready \[', r'Scorer::score_batch \['],
 'settle ids': [r'Scorer>::settle_ids \['],
 'build results (worker_score)': [r'Scorer>::worker_score \['],
 'format CSV rows (ScoreRows::push)': [r'ScoreRows::push \['],
 'free results (drop WorkerScore)': [r'drop_in_place<proficient::scoring::result::WorkerScore> \['],
 'framework (YAML)': [r'proficient::api::source::framework \['],
}
tot = {k: 0 for k in keys}
total = 0
reader = 0
for f in sorted(glob.glob(d + '/cg.out-*')):
    out = subprocess.run(['callgrind_annotate', '--inclusive=yes', '--threshold=100', f], capture_output=True, text=True).stdout
    for line in out.splitlines():
        m = re.match(r'\s*([\d,]+) ', line)
        if not m: continue
        v = int(m.group(1).replace(',', ''))
        if 'PROGRAM TOTALS' in line: total += v
        if re.search(r'chunks::read_csv_split \[', line): reader += v
        for k, pats in keys.items():
            if pats and any(re.search(p, line) for p in pats): tot[k] += v
# reader thread: read_csv_split inclusive includes hand-off (checks inside) and parse when on one thread
tot['cut blocks, hand batches on (reader thread, without checks)'] = reader - tot['check rows ahead (Checks::ready, reader thread)']
for k, v in tot.items(): print(f'{k:65s} {v/1e6:8.1f}M {v/rows:7.0f}/row')
print(f'{"whole process":65s} {total/1e6:8.1f}M {total/rows:7.0f}/row')
