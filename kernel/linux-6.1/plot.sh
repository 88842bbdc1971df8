# SPDX-License-Identifier: MIT
#
# plot.sh - sourced by the Linux 6.1 report scripts (bench.sh,
# xen-bench.sh): one clustered histogram per operation, in their style.
#
#   histogram_plot PNG TITLE YLABEL PLOT [KEY]
#
# writes PNG with gnuplot, PLOT being gnuplot's plot command and KEY where
# the legend goes (default "top left"); without gnuplot it says so on
# stderr and writes nothing.
histogram_plot() {
	command -v gnuplot >/dev/null ||
		{ echo "$(basename "$0"): no gnuplot, no plot" >&2; return 0; }
	gnuplot <<PLOT_EOF
set terminal pngcairo size 900,480 noenhanced
set output "$1"
set title "$2"
set ylabel "$3"
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set xtics rotate by -20 nomirror
set grid ytics
set key ${5:-top left}
$4
PLOT_EOF
}
