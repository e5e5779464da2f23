package org.standstill.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The JVM options every start of a service gets, whoever starts it (the run command, the tests, the benchmarks). */
class ServiceProcessTest {

    @Test
    void theCommandService_runsWithTheQuickCompilerOnly_onTwoCoresOrFewer() {
        assertThat(ServiceProcess.defaultJvmOptions("command-service", 2)).containsExactly("-XX:TieredStopAtLevel=1");
        assertThat(ServiceProcess.defaultJvmOptions("command-service-2", 1)).containsExactly("-XX:TieredStopAtLevel=1");
    }

    @Test
    void theCommandService_keepsBothCompilers_onMoreCores_andTheQueryServiceAlways() {
        assertThat(ServiceProcess.defaultJvmOptions("command-service", 4)).isEmpty();
        assertThat(ServiceProcess.defaultJvmOptions("query-service", 2)).isEmpty();
        assertThat(ServiceProcess.defaultJvmOptions("query-service-1", 8)).isEmpty();
    }
}
