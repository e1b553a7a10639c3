package io.auditq.fleet;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ./auditq launcher gives auditq fleet the same Java 25 flags for Spark as the build's tests (fleet/pom.xml's
 * spark.java.options), and only auditq fleet gets Spark's jars.
 */
class FleetLauncherTest {
    private static final Path ROOT = Path.of(System.getProperty("auditq.root", ".."));

    @Test
    void launcherAndPomPassTheSameSparkFlags() throws Exception {
        String pom = Files.readString(ROOT.resolve("fleet/pom.xml"));
        Matcher m = Pattern.compile("<spark.java.options>(.*?)</spark.java.options>").matcher(pom);
        assertThat(m.find()).isTrue();
        List<String> fromPom = Arrays.asList(m.group(1).trim().split("\\s+"));

        String launcher = Files.readString(ROOT.resolve("auditq"));
        Matcher l = Pattern.compile("spark_jvm=\\((.*?)\\)", Pattern.DOTALL).matcher(launcher);
        assertThat(l.find()).isTrue();
        List<String> fromLauncher = Arrays.asList(l.group(1).trim().split("\\s+"));

        assertThat(fromLauncher).containsExactlyElementsOf(fromPom)
                .contains("--add-modules=jdk.incubator.vector", "-Dio.netty.tryReflectionSetAccessible=true",
                        "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
    }

    @Test
    void onlyTheFleetCommandGetsSparksJars() throws Exception {
        String launcher = Files.readString(ROOT.resolve("auditq"));
        int fleetBlock = launcher.indexOf("if [[ ${1-} == fleet ]]; then");
        int end = launcher.indexOf("\nfi\n", fleetBlock);
        assertThat(fleetBlock).isPositive();
        assertThat(launcher.substring(end)).doesNotContain("fleet/target");
        assertThat(launcher.substring(end)).contains("-jar \"$jar\"");
    }
}
