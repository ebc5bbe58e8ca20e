package dev.jobs.test;

import java.nio.file.Path;
import java.util.List;

import dev.jobs.test.architecture.ModuleArchitectureTest;

/**
 * The test kit uses the core through its public SPI only, writes no SQL on the core's job tables, and waits on
 * conditions, not sleeps: the rules of {@link ModuleArchitectureTest} (docs/ARCHITECTURE.md, "Rules as tests"), on
 * this module's main classes. The kit's main code runs inside other modules' tests, so the sleep rule reads it
 * too: {@code JobTestKit} waits through Awaitility like any test.
 */
class TestKitArchitectureTest extends ModuleArchitectureTest {

	@Override
	protected String rootPackage() {
		return "dev.jobs.test";
	}

	@Override
	protected List<Path> testCode() {
		return List.of(Path.of("target/classes"), Path.of("target/test-classes"));
	}

}
