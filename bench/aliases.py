"""What aliases cost a build: the same site with and without aliases, measured in one run.

    .venv/bin/python bench/aliases.py [POSTS] [ALIASES_PER_POST] [ROUNDS]

Prints the median build time of each variant, the ratio, and the time of
checking every alias (``plan``) on its own.
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

from pelican.plugins.strom.aliases import Addresses, Claim, plan

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import build_tree  # noqa: E402  (the tests' site builder)


def write_site(content: Path, posts: int, aliases: int) -> None:
    (content / "blog").mkdir(parents=True)
    for number in range(posts):
        lines = [f"  - /{2000 + number % 25}/{number:05d}/alt-{k}/" for k in range(aliases)]
        front = "\n".join(
            [
                f"title: Beitrag {number}",
                f"pubDate: 2024-01-{1 + number % 28:02d}",
                "tags: [Kafka, Streams]",
                "aliases:" + ("\n" + "\n".join(lines) if lines else " []"),
            ]
        )
        text = f"---\n{front}\n---\n## Abschnitt\n\nText über Daten in Bewegung.\n"
        (content / "blog" / f"beitrag-{number:05d}.md").write_text(text, "utf-8")


def build(root: Path) -> float:
    start = time.perf_counter()
    site = build_tree(root, {}, DELETE_OUTPUT_DIRECTORY=True)
    assert site.failure is None, site.failure
    return time.perf_counter() - start


def plan_only(posts: int, aliases: int) -> float:
    claims = [
        Claim(f"/{2000 + n % 25}/{n:05d}/alt-{k}/", f"/blog/b{n}/", "T", f"b{n}.md", "aliases")
        for n in range(posts)
        for k in range(aliases)
    ]
    taken = Addresses()
    for n in range(posts):
        taken.add(f"blog/b{n}/index.html", f"b{n}.md")
    start = time.perf_counter()
    redirects, problems = plan(claims, taken)
    assert len(redirects) == len(claims) and not problems
    return time.perf_counter() - start


def main() -> None:
    posts = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    per_post = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    with tempfile.TemporaryDirectory() as folder:
        roots = {}
        for name, count in (("without aliases", 0), (f"{per_post} aliases a post", per_post)):
            roots[name] = Path(folder, name.replace(" ", "-"))
            write_site(roots[name] / "content", posts, count)
        times: dict[str, list[float]] = {name: [] for name in roots}
        for _ in range(rounds):  # interleaved, so that load on the machine hits both alike
            for name, root in roots.items():
                times[name].append(build(root))
    medians = {name: statistics.median(values) for name, values in times.items()}
    baseline, measured = medians.values()
    print(f"{posts} posts, {rounds} rounds (median):")
    for name, median in medians.items():
        print(f"  {name:<22} {median:6.2f} s")
    print(f"  ratio                  {measured / baseline:6.2f}")
    checking = plan_only(posts, per_post) * 1000
    print(f"  plan() of {posts * per_post} aliases alone: {checking:.1f} ms")


if __name__ == "__main__":
    main()
