package io.auditq.fleet.host;

import java.io.Serializable;

/**
 * A name a host's answer gives a uid its attempts left unnamed: looked up at the end of the read, from the host's
 * passwd and what its log said (ENRICHED fields). Kept beside stored attempts, so an answer from them names the
 * same users.
 *
 * @param node the node= the id belongs to, or null
 */
public record AccountName(String node, long id, String name) implements Serializable {
}
