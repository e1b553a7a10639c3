package io.auditq.fleet;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.util.List;

import static io.auditq.fleet.SampleFleet.fleet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The same fleet on a real HDFS (a one-datanode MiniDFSCluster in this JVM): the same answers as from local files
 * (only the source column, which says where the evidence is, names hdfs:// files), and a lake on HDFS too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetHdfsTest {
    @TempDir
    static java.nio.file.Path tmp;
    java.nio.file.Path local;
    MiniDFSCluster dfs;
    String hdfs;

    @BeforeAll
    void startHdfs() throws Exception {
        assumeTrue(Files.isDirectory(SampleFleet.SAMPLE), "samples/incident-1 not found");
        local = SampleFleet.make(tmp.resolve("fleet"));
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
        dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        dfs.waitActive();
        FileSystem fs = dfs.getFileSystem();
        fs.copyFromLocalFile(false, true, new Path(local.toUri()), new Path("/evidence/fleet"));
        hdfs = "hdfs://localhost:" + dfs.getNameNodePort();
        SampleFleet.spark();
    }

    @AfterAll
    void stopHdfs() {
        if (dfs != null) {
            dfs.shutdown();
        }
    }

    @Test
    void hdfsGivesTheSameAnswerAsLocalFiles() {
        String root = hdfs + "/evidence/fleet";
        SampleFleet.Run d1 = fleet("destinations", local.toString(), "--format", "csv", "--protocol", "any");
        SampleFleet.Run d2 = fleet("destinations", root, "--format", "csv", "--protocol", "any");
        assertThat(d2.out()).isEqualTo(d1.out());
        assertThat(d2.exit()).isEqualTo(d1.exit()).isEqualTo(3);

        SampleFleet.Run c1 = fleet("connections", local.toString(), "--format", "csv");
        SampleFleet.Run c2 = fleet("connections", root, "--format", "csv");
        assertThat(withoutSource(c2.out())).isEqualTo(withoutSource(c1.out())).hasSizeGreaterThan(20);
        assertThat(c2.out()).contains(root + "/web01/audit.log.1.gz:111")
                .contains(root + "/web02/var/log/audit/audit.log:");

        SampleFleet.Run ingest = fleet("ingest", root, "--lake", hdfs + "/lake");
        assertThat(ingest.err()).contains("5 added");
        SampleFleet.Run fromLake = fleet("destinations", "--lake", hdfs + "/lake", "--format", "csv", "--protocol",
                "any");
        assertThat(fromLake.out()).isEqualTo(d1.out());
    }

    /** The CSV without its last column (source), which names where each file is. */
    private static List<String> withoutSource(String csv) {
        return csv.lines().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }
}
