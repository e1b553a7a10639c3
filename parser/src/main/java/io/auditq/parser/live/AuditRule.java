package io.auditq.parser.live;

import io.auditq.parser.normal.Arch;
import io.auditq.parser.normal.SyscallTable;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One syscall audit rule on the exit filter, with no success filter (so failed and non-blocking calls are
 * kept): what {@code auditctl -a always,exit -F arch=b64 -S connect,socket [-F a0=3] -k KEY} loads, and what
 * the kernel takes as {@code struct audit_rule_data}.
 *
 * @param arch     the arch whose syscall table the numbers come from
 * @param bits     how auditctl names that arch relative to the machine: {@code b64} or {@code b32}
 * @param syscalls the syscall names, in the order given
 * @param numbers  their numbers on {@code arch}, from {@link SyscallTable}
 * @param arg0     null, or the value the first argument must have (a socketcall's sub-call)
 * @param key      the rule key, which the kernel writes as {@code key=} into every record the rule causes
 */
public record AuditRule(Arch arch, String bits, List<String> syscalls, List<Integer> numbers, Long arg0, String key) {
    // linux/audit.h
    static final int AUDIT_FILTER_EXIT = 0x04;
    static final int AUDIT_FILTER_PREPEND = 0x10;
    static final int AUDIT_ALWAYS = 2;
    static final int AUDIT_ARCH = 11;
    static final int AUDIT_ARG0 = 200;
    static final int AUDIT_FILTERKEY = 210;
    static final int AUDIT_EQUAL = 0x40000000;
    static final int AUDIT_BITMASK_SIZE = 64;
    static final int AUDIT_MAX_FIELDS = 64;
    static final int AUDIT_MAX_KEY_LEN = 256;
    /** sizeof(struct audit_rule_data) without its string buffer. */
    public static final int FIXED_SIZE = 4 * (3 + AUDIT_BITMASK_SIZE + 3 * AUDIT_MAX_FIELDS + 1);

    public AuditRule {
        syscalls = List.copyOf(syscalls);
        numbers = List.copyOf(numbers);
        if (syscalls.isEmpty() || syscalls.size() != numbers.size()) {
            throw new IllegalArgumentException("a rule needs syscalls, each with its number");
        }
        for (int n : numbers) {
            if (n < 0 || n >= AUDIT_BITMASK_SIZE * 32 - 16) { // the top 16 bits of the mask are syscall classes
                throw new IllegalArgumentException("syscall number " + n + " out of the rule mask's range");
            }
        }
        if (key.isEmpty() || key.getBytes(StandardCharsets.UTF_8).length > AUDIT_MAX_KEY_LEN) {
            throw new IllegalArgumentException("a rule key must have 1.." + AUDIT_MAX_KEY_LEN + " bytes");
        }
    }

    /** A rule for these syscalls on arch, their numbers looked up in the generated syscall table. */
    public static AuditRule of(Arch arch, String bits, List<String> syscalls, Long arg0, String key) {
        List<Integer> numbers = new ArrayList<>(syscalls.size());
        for (String s : syscalls) {
            int n = SyscallTable.number(arch, s);
            if (n < 0) {
                throw new IllegalArgumentException("no syscall " + s + " on " + arch.name());
            }
            numbers.add(n);
        }
        return new AuditRule(arch, bits, syscalls, numbers, arg0, key);
    }

    /** The rule as auditctl arguments, e.g. {@code -a always,exit -F arch=b64 -S connect,socket -k auditq-net}. */
    public String auditctl() {
        StringBuilder sb = new StringBuilder("-a always,exit -F arch=").append(bits)
                .append(" -S ").append(String.join(",", syscalls));
        if (arg0 != null) {
            sb.append(" -F a0=").append(arg0);
        }
        return sb.append(" -k ").append(key).toString();
    }

    /** The rule as {@code struct audit_rule_data} plus its string buffer (the key), in the given byte order. */
    public byte[] encode(ByteOrder order) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bb = ByteBuffer.allocate(FIXED_SIZE + keyBytes.length).order(order);
        int[] mask = new int[AUDIT_BITMASK_SIZE];
        for (int n : numbers) {
            mask[n / 32] |= 1 << (n % 32);
        }
        List<int[]> fields = new ArrayList<>(3); // {field, value}, all compared with "="
        fields.add(new int[] {AUDIT_ARCH, (int) arch.code()});
        if (arg0 != null) {
            fields.add(new int[] {AUDIT_ARG0, (int) (long) arg0});
        }
        fields.add(new int[] {AUDIT_FILTERKEY, keyBytes.length}); // the key's length; its bytes go in buf
        bb.putInt(AUDIT_FILTER_EXIT).putInt(AUDIT_ALWAYS).putInt(fields.size());
        for (int m : mask) {
            bb.putInt(m);
        }
        int base = bb.position();
        for (int i = 0; i < fields.size(); i++) {
            bb.putInt(base + 4 * i, fields.get(i)[0]);
            bb.putInt(base + 4 * (AUDIT_MAX_FIELDS + i), fields.get(i)[1]);
            bb.putInt(base + 4 * (2 * AUDIT_MAX_FIELDS + i), AUDIT_EQUAL);
        }
        bb.position(base + 4 * 3 * AUDIT_MAX_FIELDS);
        bb.putInt(keyBytes.length);
        bb.put(keyBytes);
        return bb.array();
    }

    /**
     * What a listed rule ({@code AUDIT_LIST_RULES} reply) says, decoded as far as auditq needs it.
     *
     * @param filter   the filter list (4 = exit)
     * @param action   2 = always, 0 = never
     * @param archCode the arch field's value, or -1 when the rule has none
     * @param syscalls the syscall numbers whose mask bits are set
     * @param key      the rule key, or null
     */
    public record Listed(int filter, int action, long archCode, List<Integer> syscalls, String key) {
        /** True when this listed rule is the given rule (filter, action, arch, syscalls, key). */
        public boolean matches(AuditRule rule) {
            return filter == AUDIT_FILTER_EXIT && action == AUDIT_ALWAYS && archCode == rule.arch().code()
                    && syscalls.equals(rule.numbers().stream().distinct().sorted().toList())
                    && rule.key().equals(key);
        }
    }

    /** Decodes a {@code struct audit_rule_data} at {@code buf[off..off+len)}; null when it is too short. */
    public static Listed decode(byte[] buf, int off, int len, ByteOrder order) {
        if (len < FIXED_SIZE) {
            return null;
        }
        ByteBuffer bb = ByteBuffer.wrap(buf, off, len).order(order);
        int flags = bb.getInt(off);
        int action = bb.getInt(off + 4);
        int count = Math.min(bb.getInt(off + 8), AUDIT_MAX_FIELDS);
        List<Integer> syscalls = new ArrayList<>();
        for (int w = 0; w < AUDIT_BITMASK_SIZE; w++) {
            int m = bb.getInt(off + 12 + 4 * w);
            for (int b = 0; b < 32; b++) {
                if ((m & (1 << b)) != 0 && w * 32 + b < AUDIT_BITMASK_SIZE * 32 - 16) {
                    syscalls.add(w * 32 + b);
                }
            }
        }
        int fieldsAt = off + 12 + 4 * AUDIT_BITMASK_SIZE;
        int bufAt = fieldsAt + 4 * 3 * AUDIT_MAX_FIELDS + 4;
        int end = off + len;
        long archCode = -1;
        String key = null;
        int strings = bufAt;
        for (int i = 0; i < count; i++) {
            int field = bb.getInt(fieldsAt + 4 * i);
            int value = bb.getInt(fieldsAt + 4 * (AUDIT_MAX_FIELDS + i));
            switch (field) {
                case AUDIT_ARCH -> archCode = Integer.toUnsignedLong(value);
                case AUDIT_FILTERKEY -> {
                    if (value >= 0 && strings + value <= end) {
                        key = new String(buf, strings, value, StandardCharsets.UTF_8);
                        strings += value;
                    }
                }
                // the other string fields take their bytes from buf in field order too: the LSM labels
                // (AUDIT_SUBJ_USER..CLR, AUDIT_OBJ_USER..LEV_HIGH), AUDIT_WATCH, AUDIT_DIR, AUDIT_EXE
                case 13, 14, 15, 16, 17, 19, 20, 21, 22, 23, 105, 107, 112 -> {
                    if (value >= 0 && strings + value <= end) {
                        strings += value;
                    }
                }
                default -> {
                }
            }
        }
        return new Listed(flags & ~AUDIT_FILTER_PREPEND, action, archCode, List.copyOf(syscalls), key);
    }
}
