package dev.bpfforge.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bpfforge.cli.http.ForgeApi;
import org.junit.jupiter.api.Test;

class BuildFollowerTest {

  @Test
  void progressNamesEachKernelsStateAndHowManyJobsAreAheadOfAQueuedOne() throws Exception {
    var build = ForgeApi.JSON.readTree("""
        {"id":"b","state":"RUNNING","targets":[
          {"release":"5.10.0-32-amd64","arch":"x86_64","state":"RUNNING","queuePosition":null},
          {"release":"6.1.0-50-arm64","arch":"arm64","state":"QUEUED","queuePosition":2},
          {"release":"6.1.0-50-amd64","arch":"x86_64","state":"SUCCEEDED","queuePosition":null}]}""");

    assertThat(BuildFollower.status(build)).isEqualTo(
        "RUNNING: 5.10.0-32-amd64@x86_64 RUNNING, 6.1.0-50-arm64@arm64 QUEUED (2 ahead), 6.1.0-50-amd64@x86_64 SUCCEEDED");
  }
}
