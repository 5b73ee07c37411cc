#!/usr/bin/env python3
"""Pictures for the docs from a text source: each docs/src/NAME.txt becomes docs/NAME.svg, plain
SVG (boxes, arrows, labels; black on white, monospace like the other pictures in docs/).

The source is one statement a line; a line starting with '#' is a comment; words with spaces
are quoted:

  svg W H                          the picture's size in pixels
  title "text"                     a heading at the top left
  text X Y "line" ...              free text, one line per string, from (X, Y)
  node ID X Y W [fill=#RGB] "line" ...
                                   a box with its top left corner at (X, Y), W wide, as high
                                   as its lines need; the first line is bold
  edge FROM TO [via=X,Y;X,Y] [off=DX,DY] [at=X,Y] "line" ...
                                   an arrow from box FROM to box TO: from centre to centre
                                   (both moved by off=, to draw two arrows side by side),
                                   clipped at the boxes, straight or through the points of
                                   via=; labelled at its middle segment or at at=

A line too wide for its box is an error, so the source stays readable as drawn.
Usage: tools/diagram.py (writes every SVG), tools/diagram.py --check (lists the SVGs that
differ from their source and exits 1 if any does; make check runs it through tools/doccheck.py).
"""
import glob
import os
import shlex
import sys
from xml.sax.saxutils import escape

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC_DIR = os.path.join(ROOT, "docs", "src")
CHAR_W = 7.3		# monospace at 12 px
LINE_H = 15
PAD = 6


class SourceError(Exception):
	pass


def point(text):
	x, y = text.split(",")
	return float(x), float(y)


def parse(path):
	"""The statements of one source as (size, title, texts, nodes, edges)."""
	size, title, texts, nodes, edges = None, None, [], {}, []
	with open(path) as f:
		for n, raw in enumerate(f, 1):
			if raw.lstrip().startswith("#"):
				continue
			try:
				words = shlex.split(raw)
			except ValueError as e:
				raise SourceError(f"{path}:{n}: {e}")
			if not words:
				continue
			kind, args = words[0], words[1:]
			where = f"{os.path.relpath(path, ROOT)}:{n}"
			if kind == "svg":
				size = int(args[0]), int(args[1])
			elif kind == "title":
				title = args[0]
			elif kind == "text":
				texts.append((float(args[0]), float(args[1]), args[2:]))
			elif kind == "node":
				ident, x, y, w = args[0], float(args[1]), float(args[2]), float(args[3])
				rest = args[4:]
				fill = "#eeeeee"
				if rest and rest[0].startswith("fill="):
					fill, rest = rest[0][5:], rest[1:]
				for line in rest:
					if len(line) * CHAR_W > w - 2 * PAD:
						raise SourceError(f"{where}: '{line}' is wider than node {ident}")
				h = len(rest) * LINE_H + 2 * PAD
				nodes[ident] = (x, y, w, h, fill, rest)
			elif kind == "edge":
				src, dst, opts, label = args[0], args[1], {}, []
				for a in args[2:]:
					key = a.split("=", 1)[0]
					if key in ("via", "at", "off") and "=" in a:
						opts[key] = a.split("=", 1)[1]
					else:
						label.append(a)
				for ident in (src, dst):
					if ident not in nodes:
						raise SourceError(f"{where}: no node {ident} (nodes come first)")
				edges.append((src, dst, opts, label))
			else:
				raise SourceError(f"{where}: unknown statement '{kind}'")
	if size is None:
		raise SourceError(f"{path}: no 'svg W H' line")
	return size, title, texts, nodes, edges


def centre(node, off=(0, 0)):
	x, y, w, h = node[:4]
	return x + w / 2 + off[0], y + h / 2 + off[1]


def border(node, towards, off=(0, 0)):
	"""Where the line from the node's centre (moved by off) to the point `towards` leaves its
	box."""
	x, y, w, h = node[:4]
	cx, cy = centre(node, off)
	dx, dy = towards[0] - cx, towards[1] - cy
	steps = [((x + w if dx > 0 else x) - cx) / dx if dx else float("inf"),
		 ((y + h if dy > 0 else y) - cy) / dy if dy else float("inf")]
	t = min(steps)
	if t == float("inf"):
		return cx, cy
	return cx + dx * t, cy + dy * t


def text_lines(x, y, lines, anchor="start", bold_first=False):
	out = []
	for i, line in enumerate(lines):
		weight = ' font-weight="bold"' if bold_first and i == 0 else ""
		out.append(f'<text x="{x:g}" y="{y + i * LINE_H:g}" text-anchor="{anchor}"{weight}>'
			   f'{escape(line)}</text>')
	return out


def render(path):
	"""The SVG text of one source."""
	(width, height), title, texts, nodes, edges = parse(path)
	out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
	       f'font-family="monospace" font-size="12">',
	       '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" '
	       'markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>'
	       '</defs>',
	       '<rect width="100%" height="100%" fill="white"/>']
	if title:
		out.append(f'<text x="20" y="24" font-size="14">{escape(title)}</text>')
	for x, y, lines in texts:
		out += text_lines(x, y, lines)
	for ident, (x, y, w, h, fill, lines) in nodes.items():
		out.append(f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" rx="6" '
			   f'fill="{fill}" stroke="black"/>')
		out += text_lines(x + PAD, y + PAD + 11, lines, bold_first=True)
	labels = []
	for src, dst, opts, label in edges:
		via = [point(p) for p in opts["via"].split(";")] if "via" in opts else []
		off = point(opts["off"]) if "off" in opts else (0, 0)
		pts = [border(nodes[src], via[0] if via else centre(nodes[dst], off), off)] + via
		pts.append(border(nodes[dst], pts[-1], off))
		coords = " ".join(f"{px:.1f},{py:.1f}" for px, py in pts)
		out.append(f'<polyline points="{coords}" fill="none" stroke="black" '
			   f'marker-end="url(#arrow)"/>')
		if not label:
			continue
		if "at" in opts:
			lx, ly = point(opts["at"])
		else:
			mid = (len(pts) - 1) // 2
			lx, ly = (pts[mid][0] + pts[mid + 1][0]) / 2, (pts[mid][1] + pts[mid + 1][1]) / 2
		w = max(len(line) for line in label) * CHAR_W + 6
		top = ly - len(label) * LINE_H / 2
		labels.append(f'<rect x="{lx - w / 2:.1f}" y="{top:.1f}" width="{w:.1f}" '
			      f'height="{len(label) * LINE_H:g}" fill="white" opacity="0.9"/>')
		labels += text_lines(round(lx, 1), round(top + 11, 1), label, anchor="middle")
	out += labels
	out.append("</svg>")
	return "\n".join(out) + "\n"


def pictures():
	"""(source, SVG path) for every source in docs/src/."""
	for src in sorted(glob.glob(os.path.join(SRC_DIR, "*.txt"))):
		name = os.path.splitext(os.path.basename(src))[0]
		yield src, os.path.join(ROOT, "docs", name + ".svg")


def stale():
	"""One line for each picture whose SVG is missing or not what its source makes."""
	out = []
	for src, svg in pictures():
		rel = os.path.relpath(svg, ROOT)
		try:
			want = render(src)
		except SourceError as e:
			out.append(str(e))
			continue
		if not os.path.exists(svg):
			out.append(f"{rel}: missing; run tools/diagram.py")
			continue
		with open(svg) as f:
			if f.read() != want:
				out.append(f"{rel}: differs from {os.path.relpath(src, ROOT)}; "
					   f"run tools/diagram.py")
	return out


def main(argv):
	if argv == ["--check"]:
		out = stale()
		for line in out:
			print(line)
		return 1 if out else 0
	if argv:
		print(__doc__)
		return 2
	for src, svg in pictures():
		try:
			text = render(src)
		except SourceError as e:
			print(e)
			return 1
		with open(svg, "w") as f:
			f.write(text)
		print(f"{os.path.relpath(src, ROOT)} -> {os.path.relpath(svg, ROOT)}")
	return 0


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))
