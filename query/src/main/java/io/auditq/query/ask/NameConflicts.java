package io.auditq.query.ask;

import io.auditq.parser.normal.LearnedNames;
import io.auditq.query.ask.CaseSummary.Kind;
import io.auditq.query.ask.CaseSummary.Suspicion;

import java.util.ArrayList;
import java.util.List;

/** summary's name-conflict items: the ids the case's ENRICHED fields name two or more ways. */
final class NameConflicts {
    private NameConflicts() {
    }

    /** One item per id the log names two ways, when one of its names is first given inside the window. */
    static List<Suspicion> in(LearnedNames names, TimeWindow w) {
        List<Suspicion> out = new ArrayList<>();
        for (LearnedNames.Conflict c : names.conflicts()) {
            LearnedNames.Sighting first = null;
            for (LearnedNames.Sighting s : c.names()) {
                if (first == null && w.contains(s.timeMillis())) {
                    first = s;
                }
            }
            if (first == null) {
                continue;
            }
            LearnedNames.Key k = c.key();
            boolean user = k.kind() == LearnedNames.Kind.USER;
            out.add(new Suspicion(Kind.NAME_CONFLICT, first.timeMillis(), k.node(), null, null, null,
                    user ? k.id() : null, null, null, null, null, c.names().size(),
                    c.sentence() + "; records that do not name it themselves leave it unnamed",
                    first.origin()));
        }
        return out;
    }
}
