# scripts/sanitizer-flags.sh: sourced by the sanitizer and fuzz builds so both check the
# same things. ASan and UBSan, float-to-int conversions and signed overflow included; any
# finding aborts. vptr is off because CAF's intrusive mailbox queues (in CAF's headers,
# compiled into our files) downcast their sentinel node.
sanitizer_flags="-fsanitize=address,undefined,float-cast-overflow -fno-sanitize=vptr"
sanitizer_flags+=" -fno-sanitize-recover=all -fno-omit-frame-pointer -O1 -g"
sanitizer_link_flags="-fsanitize=address,undefined"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
