package org.standstill.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both services' OpenAPI documents, as served, pass Redocly's recommended rules ({@code bench/openapi/redocly.yaml})
 * with the CLI version pinned in {@code bench/openapi}: no error and no warning.
 */
@ExtendWith(PlatformExtension.class)
class OpenApiLintIT {

    @Test
    void bothOpenApiDocuments_passRedoclysRecommendedRules_withoutErrorsOrWarnings(Platform platform) throws Exception {
        OpenApiDocuments.Document command = OpenApiDocuments.command(platform);
        OpenApiDocuments.Document query = OpenApiDocuments.query(platform);

        RedoclyLint.Result result = RedoclyLint.lint(List.of(command.file(), query.file()));

        assertThat(result.problems())
                .as("Redocly's problems with %s and %s (%d errors, %d warnings); the CLI said:%n%s",
                        command.file(), query.file(), result.count("error"), result.count("warn"), result.output())
                .isEmpty();
        assertThat(result.exitCode()).as(result.output()).isZero();
    }
}
