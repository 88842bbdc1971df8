#!/bin/sh
# gen-corpus.sh KIND N - a large generated C unit on stdout, for the
# metadata and compile-time figures: KIND "pv" has N functions dense with
# pv calls (random ops, live values and arguments), KIND "plain" has N
# functions of similar arithmetic without any, and KIND "ops" has N
# distinct ops, each a pointer variable of its own in one of three
# shapes, called from a function of its own (the plugin's registries at
# scale).  Deterministic
# (fixed seed).
kind=${1:?pv, plain or ops}
n=${2:-2000}
if [ "$kind" = ops ]; then
	awk -v n="$n" 'BEGIN {
		print "#include <pvcall.h>"
		for (i = 0; i < n; i++)
			if (i % 3 == 0)
				printf "extern unsigned long (*op%d)(unsigned long) __pvcall;\nunsigned long f%d(unsigned long a)\n{\n\treturn op%d(a * %d) + a;\n}\n", i, i, i, 3 + i % 97
			else if (i % 3 == 1)
				printf "extern void (*op%d)(void) __pvcall;\nvoid f%d(void)\n{\n\top%d();\n}\n", i, i, i
			else
				printf "extern void (*op%d)(unsigned long *, unsigned long) __pvcall;\nvoid f%d(unsigned long *p, unsigned long v)\n{\n\top%d(p + %d, v);\n}\n", i, i, i, i % 13
	}'
	exit
fi
awk -v kind="$kind" -v n="$n" 'BEGIN {
	srand(7)
	split("save_fl irq_disable irq_enable restore_fl pte_val make_pte write_cr3 read_cr3 flush_tlb_one read_cr2 set_pte halt", op, " ")
	split("r v v a r r a r a r p v", sig, " ")	# r: returns, takes nothing; v: void(); a: void(ulong); p: void(ulong *, ulong)
	ret["save_fl"] = 1; ret["pte_val"] = 1; ret["make_pte"] = 1; ret["read_cr3"] = 1; ret["read_cr2"] = 1
	print "#include <pvcall.h>"
	print "struct pv_ops {"
	for (i = 1; i <= 12; i++) {
		o = op[i]
		args = (o == "pte_val" || o == "make_pte" || o == "restore_fl" || o == "write_cr3" || o == "flush_tlb_one") ? "unsigned long" : (o == "set_pte" ? "unsigned long *, unsigned long" : "void")
		printf "\t%s (*%s)(%s) __pvcall;\n", ((o in ret) ? "unsigned long" : "void"), o, args
	}
	print "};\nextern struct pv_ops pv_ops;\nextern unsigned long g[64];"
	for (f = 0; f < n; f++) {
		nlive = int(rand() * 9)
		printf "unsigned long f%d(unsigned long a, unsigned long b, unsigned long *p)\n{\n\tunsigned long acc = a ^ b;\n", f
		for (v = 0; v < nlive; v++)
			printf "\tunsigned long v%d = g[%d] * %d + a;\n", v, int(rand() * 64), 3 + int(rand() * 97)
		ncalls = 1 + int(rand() * 4)
		for (c = 0; c < ncalls; c++) {
			o = op[1 + int(rand() * 12)]
			if (o == "pte_val" || o == "make_pte" || o == "restore_fl" || o == "write_cr3" || o == "flush_tlb_one")
				args = (rand() < 0.5) ? "a" : "acc"
			else if (o == "set_pte")
				args = "p, acc"
			else
				args = ""
			if (kind == "pv")
				call = sprintf("pv_ops.%s(%s)", o, args)
			else
				call = sprintf("(acc * %d + %d)", 3 + int(rand() * 50), int(rand() * 1000))
			if (kind != "pv" || (o in ret))
				printf "\tacc += %s;\n", call
			else
				printf "\t%s;\n", call
			if (nlive && rand() < 0.5)
				printf "\tacc ^= v%d;\n", int(rand() * nlive)
		}
		printf "\treturn acc"
		for (v = 0; v < nlive; v++)
			printf " + v%d", v
		printf ";\n}\n"
	}
}'
