package chant.agent.provider.demo;

import chant.agent.provider.demo.agent.DemoAgentMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The demo agent's classpath holds every class file of its package and nothing else. */
class DemoAgentClassesTest {

    @Test
    void theClasspathIsExactlyTheAgentPackage() throws Exception {
        Path compiled = Path.of(DemoAgentMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> built;
        try (Stream<Path> files = Files.list(compiled.resolve(DemoAgentClasses.PACKAGE))) {
            built = files.map(file -> compiled.relativize(file).toString()).filter(name -> name.endsWith(".class"))
                    .sorted().toList();
        }
        Path directory = new DemoAgentClasses().directory();
        List<String> copied;
        try (Stream<Path> files = Files.walk(directory)) {
            copied = files.filter(Files::isRegularFile).map(file -> directory.relativize(file).toString()).sorted().toList();
        }

        assertEquals(built, copied, "a class was added to or removed from " + DemoAgentClasses.PACKAGE
                + ": update DemoAgentClasses.TOP_LEVEL");
        assertEquals(built, DemoAgentClasses.classFiles().stream().sorted().toList());
    }
}
