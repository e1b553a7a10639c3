package io.auditq.fleet.run;

import java.util.List;

/** Where a fleet question's answer comes from: the hosts' logs under some roots, or a lake made by fleet ingest. */
public sealed interface Evidence {
    record Logs(List<String> roots) implements Evidence {
    }

    record Lake(String dir) implements Evidence {
    }
}
