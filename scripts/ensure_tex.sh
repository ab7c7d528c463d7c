#!/usr/bin/env bash
# make pdf's system packages, installed where missing: XeLaTeX and latexmk from TeX Live, the fonts the PDF
# uses (FreeSerif, FreeSans, DejaVu Sans Mono), rsvg-convert (SVG to PDF) and poppler-utils (the PDF's tests).
# About 130 MB from Debian. apt-get as root or through sudo; otherwise it says what to run.
set -euo pipefail
packages=(texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended texlive-xetex latexmk
          fonts-freefont-otf fonts-dejavu-core tex-gyre librsvg2-bin poppler-utils)
if command -v xelatex >/dev/null && command -v latexmk >/dev/null && command -v rsvg-convert >/dev/null \
   && command -v pdftotext >/dev/null && fc-list | grep -q "DejaVu Sans Mono" && fc-list | grep -q FreeSerif; then
  exit 0
fi
echo "TeX Live, fonts or rsvg-convert are missing: installing them (about 130 MB)." >&2
"$(dirname "$0")/apt_install.sh" "${packages[@]}" || {
  echo "Could not install them. Run as root, then make pdf again: apt-get install ${packages[*]}" >&2
  exit 1
}
