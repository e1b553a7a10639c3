package io.auditq.parser.normal;

/**
 * One PATH record of an event: a file the syscall touched. mode is the octal st_mode, null when absent.
 *
 * @param ownerInferredFrom file:line of the other record that names ouid (see {@link IdName#inferredFrom()}), or null
 */
public record PathItem(int item, String name, String nametype, Long inode, Integer mode, Long ouid, String ownerName,
                       String ownerInferredFrom) {
}
