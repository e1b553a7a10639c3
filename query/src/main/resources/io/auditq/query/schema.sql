-- The auditq case database: the one source of its schema. The build generates the jOOQ classes from this
-- script (run in an in-memory H2), and CaseDatabase runs it to create a new case. H2 dialect.
--
-- Conventions: text from the log is VARCHAR without a length (a garbled or hostile record may hold text of any
-- length up to the reader's line cap: it loads, never fails the ingest). Times are epoch milliseconds in *_ms
-- columns (the log's own clock, UTC); node is '' when the log has no node= prefix (so the unique keys hold);
-- user/login_user are the names the row's own records give (ENRICHED fields), else --passwd, NULL when they do
-- not say: a name another record gives (account_names) or the built-in root is added when a question is asked,
-- so no name depends on the order the evidence was read in. Every row derived from the log keeps where it came
-- from: source_id (sources.id) and
-- line (1-based line in that file).
-- Bump meta.schema_version when a change makes older case files unreadable.

CREATE TABLE meta (
    name  VARCHAR(64) PRIMARY KEY,
    setting VARCHAR(4096) NOT NULL
);

-- Every input ever ingested: the evidence's identity (sha256 as sha256sum prints it) and which part of it
-- this case holds. A file that continues another (the same audit.log after it grew) names that source and
-- holds only its new bytes.
CREATE TABLE sources (
    id                 INT PRIMARY KEY,
    name               VARCHAR NOT NULL,        -- as the responder named it (path as given, - for stdin)
    path               VARCHAR,                 -- absolute path; NULL for stdin
    size               BIGINT,                  -- bytes of the file as stored
    sha256             CHAR(64),                -- of the file as stored
    gzip               BOOLEAN NOT NULL,
    content_size       BIGINT,                  -- bytes after decompression (= size for plain files)
    content_sha256     CHAR(64),                -- of the bytes after decompression (recognizes renames and gzip'ed rotations)
    head_sha256        CHAR(64),                -- of the first 4096 content bytes (cheap prefix pre-check)
    continues_source   INT,                     -- this file's content starts with that source's whole content
    ingested_offset    BIGINT NOT NULL,         -- content bytes skipped because the case already holds them
    ingested_size      BIGINT,                  -- content bytes read by this ingest
    ingested_sha256    CHAR(64),                -- of those bytes
    first_line         BIGINT NOT NULL,         -- line number of the first ingested line
    lines              BIGINT,                  -- lines read by this ingest
    events             BIGINT,                  -- events loaded from it
    events_known       BIGINT,                  -- events skipped because the case already had them (same node, time, serial)
    malformed          BIGINT,                  -- lines that were not audit records
    connect_events     BIGINT,                  -- connect() events loaded from it, any address family
    unaddressed_connects BIGINT,                -- of those, how many have no SOCKADDR record (destination not logged)
    first_time_ms      BIGINT,
    last_time_ms       BIGINT,
    ingested_at_ms     BIGINT NOT NULL,         -- the analyst's clock when ingested: the one wall-clock value here
    complete           BOOLEAN NOT NULL         -- false while (or if an ingest died while) reading it
);

-- One row per event.
CREATE TABLE events (
    id          BIGINT PRIMARY KEY,
    node        VARCHAR NOT NULL,
    time_ms     BIGINT NOT NULL,
    serial      BIGINT NOT NULL,
    types       VARCHAR NOT NULL,               -- record types in the order read, comma-separated
    arch        VARCHAR,
    syscall     VARCHAR,                        -- name for the record's arch; a 32-bit socketcall resolved
    success     BOOLEAN,
    exit        BIGINT,
    errno       VARCHAR,
    a0          BIGINT,
    a1          BIGINT,
    a2          BIGINT,
    a3          BIGINT,
    pid         BIGINT,
    ppid        BIGINT,
    uid         BIGINT,
    user_name   VARCHAR,
    euid        BIGINT,
    gid         BIGINT,
    auid        BIGINT,                         -- NULL when unset (4294967295)
    login_user  VARCHAR,
    ses         BIGINT,                         -- NULL when unset
    tty         VARCHAR,
    comm        VARCHAR,
    exe         VARCHAR,
    rule_key    VARCHAR,                        -- audit rule keys, joined by ','
    sock_family VARCHAR,
    sock_addr   VARCHAR,                        -- inet/inet6 address, or unix path
    sock_port   INT,
    problems    VARCHAR,                        -- what is doubtful in this event, '; '-joined
    source_id   INT NOT NULL,
    line        BIGINT NOT NULL,
    CONSTRAINT events_key UNIQUE (node, time_ms, serial)
);
CREATE INDEX events_time ON events (time_ms);
CREATE INDEX events_process ON events (node, pid, time_ms);
CREATE INDEX events_parent ON events (node, ppid);
CREATE INDEX events_session ON events (auid, ses);

-- Every execve (and execveat): the program a process ran, with its whole argv.
CREATE TABLE executions (
    id          BIGINT PRIMARY KEY,
    node        VARCHAR NOT NULL,
    time_ms     BIGINT NOT NULL,
    serial      BIGINT NOT NULL,
    pid         BIGINT,
    ppid        BIGINT,
    uid         BIGINT,
    user_name   VARCHAR,
    euid        BIGINT,
    auid        BIGINT,
    login_user  VARCHAR,
    ses         BIGINT,
    tty         VARCHAR,
    success     BOOLEAN,
    errno       VARCHAR,
    exe         VARCHAR,
    comm        VARCHAR,
    path        VARCHAR,                        -- the file execve was given (first PATH item): a script for interpreters
    argv        VARCHAR ARRAY,
    argc        BIGINT,                         -- may exceed the arguments logged
    cwd         VARCHAR,
    proctitle   VARCHAR,
    rule_key    VARCHAR,
    source_id   INT NOT NULL,
    line        BIGINT NOT NULL,
    CONSTRAINT executions_key UNIQUE (node, time_ms, serial)
);
CREATE INDEX executions_process ON executions (node, pid, time_ms);
CREATE INDEX executions_parent ON executions (node, ppid);
CREATE INDEX executions_session ON executions (auid, ses);

-- What is known of each process image: one row per (node, pid, ppid, exe), from every event that names it.
CREATE VIEW processes AS
SELECT node, pid, ppid, exe,
       MIN(time_ms) AS first_seen_ms, MAX(time_ms) AS last_seen_ms, COUNT(*) AS events,
       MIN(comm) AS comm, COUNT(DISTINCT comm) AS comms,
       MIN(uid) AS uid, MIN(auid) AS auid, MIN(ses) AS ses
FROM events
WHERE pid IS NOT NULL
GROUP BY node, pid, ppid, exe;

-- socket() calls (and the dup/fcntl copies of socket fds) that give connections their protocol.
CREATE TABLE sockets (
    id          BIGINT PRIMARY KEY,
    node        VARCHAR NOT NULL,
    time_ms     BIGINT NOT NULL,
    serial      BIGINT NOT NULL,
    syscall     VARCHAR NOT NULL,               -- socket, or dup/dup2/dup3/fcntl for a copy
    pid         BIGINT,
    ppid        BIGINT,
    uid         BIGINT,
    auid        BIGINT,
    ses         BIGINT,
    exe         VARCHAR,
    comm        VARCHAR,
    success     BOOLEAN,
    errno       VARCHAR,
    fd          BIGINT,                         -- the new fd (the syscall's exit); NULL when it failed
    from_fd     BIGINT,                         -- for a copy: the fd copied
    domain      INT,                            -- AF_* number (2 inet, 10 inet6, 1 unix, 16 netlink)
    family      VARCHAR,                        -- its name
    sock_type   INT,                            -- SOCK_* with the NONBLOCK/CLOEXEC flags masked off
    ip_protocol INT,                            -- the protocol argument (0 = the type's default)
    protocol    VARCHAR,                        -- tcp, udp, icmp, sctp, raw, or other
    nonblock    BOOLEAN,
    cloexec     BOOLEAN,
    source_id   INT NOT NULL,
    line        BIGINT NOT NULL
);
CREATE INDEX sockets_process ON sockets (node, pid, fd, time_ms);

-- Every outbound connection attempt: connect() (socketcall connect too), and sendto/sendmsg/sendmmsg that
-- carry an inet or inet6 destination. The canned question groups these rows.
CREATE TABLE connections (
    id             BIGINT PRIMARY KEY,
    node           VARCHAR NOT NULL,
    time_ms        BIGINT NOT NULL,
    serial         BIGINT NOT NULL,
    syscall        VARCHAR NOT NULL,            -- connect, sendto, sendmsg, sendmmsg
    socketcall     BOOLEAN NOT NULL,            -- made through the 32-bit socketcall multiplexer
    pid            BIGINT,
    ppid           BIGINT,
    uid            BIGINT,
    user_name      VARCHAR,
    auid           BIGINT,
    login_user     VARCHAR,
    ses            BIGINT,
    exe            VARCHAR,
    comm           VARCHAR,
    comm_mismatch  BOOLEAN,                     -- comm is not the name of exe (nor of the file executed); NULL: not known (the execve that ran the program is not in the log, and comm may be a script's name)
    fd             BIGINT,
    family         VARCHAR NOT NULL,            -- inet or inet6
    mapped         BOOLEAN NOT NULL,            -- an IPv4-mapped inet6 address, shown as the IPv4 host
    dst_addr       VARCHAR NOT NULL,
    dst_port       INT NOT NULL,
    loopback       BOOLEAN NOT NULL,            -- 127.0.0.0/8, ::1, and the unspecified 0.0.0.0 and ::
    protocol       VARCHAR NOT NULL,            -- tcp, udp, ..., or unknown
    protocol_basis VARCHAR NOT NULL,            -- how protocol is known: socket (this fd's socket() call), inherited
                                                -- (the parent's fd), unseen (no socket() for this fd in the log)
    socket_id      BIGINT,                      -- the sockets row protocol came from
    outcome        VARCHAR NOT NULL,            -- ok, in-progress (EINPROGRESS), an errno name, or unknown
    exit           BIGINT,
    execution_id   BIGINT,                      -- the execve that started this pid's program, when in the log
    proctitle      VARCHAR,
    rule_key       VARCHAR,
    source_id      INT NOT NULL,
    line           BIGINT NOT NULL,
    CONSTRAINT connections_key UNIQUE (node, time_ms, serial)
);
-- time first: a window is one range of it; and it covers what a listing counts but does not show (loopback, other
-- protocols), counted from the index alone
CREATE INDEX connections_time ON connections (time_ms, loopback, protocol, dst_addr, dst_port);
CREATE INDEX connections_process ON connections (node, pid, time_ms);
CREATE INDEX connections_destination ON connections (dst_addr, dst_port);

-- The connections above grouped per minute of log time by what a listing groups them by (destination, process,
-- user) and outcome: the connections question reads these for the whole minutes of its window and connection
-- rows only for the minutes it cuts, so a busy hour is a few thousand rows, not a million. Derived data: rebuilt
-- from connections at the end of every ingest, and only read while meta.connection_minutes is 'current'.
CREATE TABLE connection_minutes (
    minute_ms      BIGINT NOT NULL,             -- time_ms rounded down to its minute
    dst_addr       VARCHAR NOT NULL,
    dst_port       INT NOT NULL,
    protocol       VARCHAR NOT NULL,
    loopback       BOOLEAN NOT NULL,
    node           VARCHAR NOT NULL,
    pid            BIGINT,
    exe            VARCHAR,
    uid            BIGINT,
    auid           BIGINT,
    outcome        VARCHAR NOT NULL,
    attempts       BIGINT NOT NULL,
    first_ms       BIGINT NOT NULL,
    last_ms        BIGINT NOT NULL,
    comm_mismatch  BOOLEAN,                     -- true when any attempt's is, else NULL when any is not known, else false
    first_id       BIGINT NOT NULL,             -- connections.id of the first attempt (in log order); the columns
    ppid           BIGINT,                      -- from here on are that attempt's, as a listing shows them
    comm           VARCHAR,
    ses            BIGINT,
    user_name      VARCHAR,
    login_user     VARCHAR,
    family         VARCHAR NOT NULL,
    mapped         BOOLEAN NOT NULL,
    protocol_basis VARCHAR NOT NULL,
    execution_id   BIGINT,
    source_id      INT NOT NULL,
    line           BIGINT NOT NULL
);
CREATE INDEX connection_minutes_time ON connection_minutes (minute_ms, loopback, protocol);

-- The files syscalls touched: one row per PATH record.
CREATE TABLE file_accesses (
    id          BIGINT PRIMARY KEY,
    event_id    BIGINT NOT NULL,
    node        VARCHAR NOT NULL,
    time_ms     BIGINT NOT NULL,
    serial      BIGINT NOT NULL,
    item        INT,
    path        VARCHAR,
    cwd         VARCHAR,
    nametype    VARCHAR,                        -- NORMAL, PARENT, CREATE, DELETE, UNKNOWN
    inode       BIGINT,
    mode        INT,                            -- st_mode (file type and permission bits)
    ouid        BIGINT,
    owner       VARCHAR,
    syscall     VARCHAR,
    success     BOOLEAN,
    pid         BIGINT,
    uid         BIGINT,
    auid        BIGINT,
    exe         VARCHAR,
    rule_key    VARCHAR,
    access      VARCHAR,                        -- read, write, exec, attr, none (not an access: auditctl's own
                                                -- message naming the watch), unknown; from file-access.tsv
    flags       BIGINT,                         -- the open flags (open: a1, openat: a2), NULL for other syscalls
    source_id   INT NOT NULL,
    line        BIGINT NOT NULL
);
CREATE INDEX file_accesses_time ON file_accesses (time_ms);
CREATE INDEX file_accesses_path ON file_accesses (path);
CREATE INDEX file_accesses_key ON file_accesses (rule_key);
CREATE INDEX file_accesses_event ON file_accesses (event_id);

-- Logins and the user-space records around them: LOGIN (a session starts: new auid and ses), PAM's USER_*
-- and CRED_*, sudo's USER_CMD, ANOM_LOGIN_*.
CREATE TABLE logins (
    id          BIGINT PRIMARY KEY,
    event_id    BIGINT NOT NULL,
    node        VARCHAR NOT NULL,
    time_ms     BIGINT NOT NULL,
    serial      BIGINT NOT NULL,
    type        VARCHAR NOT NULL,               -- the record type: LOGIN, USER_LOGIN, USER_START, USER_CMD, ...
    pid         BIGINT,
    uid         BIGINT,
    user_name   VARCHAR,
    auid        BIGINT,                         -- for LOGIN: the new login uid
    login_user  VARCHAR,
    ses         BIGINT,                         -- for LOGIN: the new session
    old_auid    BIGINT,
    old_ses     BIGINT,
    op          VARCHAR,
    acct        VARCHAR,
    exe         VARCHAR,
    hostname    VARCHAR,
    addr        VARCHAR,
    terminal    VARCHAR,
    res         VARCHAR,
    cmd         VARCHAR,
    source_id   INT NOT NULL,
    line        BIGINT NOT NULL
);
CREATE INDEX logins_time ON logins (time_ms);
CREATE INDEX logins_session ON logins (auid, ses);

-- Who listened and who was accepted: inet/inet6 bind(), every listen(), accept() and accept4(). listen() and
-- accept() carry no local address: it comes from the last bind() of the same (node, pid, fd) (or of the parent's
-- fd, inherited across fork). accept's SOCKADDR is the peer. 32-bit socketcall binds/listens/accepts included.
CREATE TABLE listeners (
    id          BIGINT PRIMARY KEY,             -- the event's id
    node        VARCHAR NOT NULL,
    time_ms     BIGINT NOT NULL,
    serial      BIGINT NOT NULL,
    syscall     VARCHAR NOT NULL,               -- bind, listen, accept, accept4
    pid         BIGINT,
    ppid        BIGINT,
    uid         BIGINT,
    user_name   VARCHAR,
    auid        BIGINT,
    login_user  VARCHAR,
    ses         BIGINT,
    exe         VARCHAR,
    comm        VARCHAR,
    success     BOOLEAN,
    outcome     VARCHAR NOT NULL,               -- ok, or the errno name
    fd          BIGINT,                         -- the socket's fd (a0)
    new_fd      BIGINT,                         -- accept: the connection's fd (the exit)
    family      VARCHAR,                        -- inet or inet6 of the local address; NULL when no bind is known
    local_addr  VARCHAR,                        -- NULL when the bind is not in the log
    local_port  INT,
    peer_addr   VARCHAR,                        -- accept: where the connection came from
    peer_port   INT,
    protocol    VARCHAR NOT NULL,               -- from the socket() call of the fd (as for connections), or unknown
    bind_id     BIGINT,                         -- the bind row the local address came from
    source_id   INT NOT NULL,
    line        BIGINT NOT NULL,
    CONSTRAINT listeners_key UNIQUE (node, time_ms, serial)
);
CREATE INDEX listeners_time ON listeners (time_ms);

-- The names the log's ENRICHED fields give uids and gids (UID="alice" beside uid=1000), per node: one row per id
-- and name, with the first record that gives it (by log time, then serial). Questions name the ids a row's own
-- records do not name from here, marked as inferred where the answer can say so. Two rows for one id are a
-- conflict: such an id is left unnamed, and summary lists it.
CREATE TABLE account_names (
    node        VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,               -- user (a uid) or group (a gid)
    id          BIGINT NOT NULL,
    name        VARCHAR NOT NULL,
    time_ms     BIGINT NOT NULL,                -- of the first record that gives this name
    serial      BIGINT NOT NULL,
    source_id   INT NOT NULL,
    line        BIGINT NOT NULL,
    PRIMARY KEY (node, kind, id, name)
);

-- Where the load-time trackers stopped, so a later ingest (the same audit.log after it grew) continues with
-- the sockets that were still open: one row per (node, pid, fd).
CREATE TABLE open_sockets (
    node        VARCHAR NOT NULL,
    pid         BIGINT NOT NULL,
    fd          BIGINT NOT NULL,
    protocol    VARCHAR NOT NULL,
    cloexec     BOOLEAN NOT NULL,
    socket_id   BIGINT,
    PRIMARY KEY (node, pid, fd)
);

INSERT INTO meta (name, setting) VALUES ('schema_version', '5');
