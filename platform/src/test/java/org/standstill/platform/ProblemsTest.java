package org.standstill.platform;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ProblemsTest {

    record Location(Double lat, Double lon) {
    }

    record Business(String name, Location location) {
    }

    record Sheet(List<Integer> codes) {
    }

    @Test
    void aProblemSpringMadeWithoutAType_getsTheTypeOfItsStatus_andAProblemWithATypeKeepsIt() {
        ProblemDetail untyped = ProblemDetail.forStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        ProblemDetail typed = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        typed.setType(URI.create("/problems/invalid-input"));

        assertThat(Problems.typed(untyped).getType()).hasToString("/problems/unsupported-media-type");
        assertThat(Problems.typed(typed).getType()).hasToString("/problems/invalid-input");
    }

    @Test
    void aValueThatCannotBeRead_isNamedByItsPath() {
        JsonMapper json = JsonMapper.builder().build();
        JacksonException lat = catchThrowableOfType(JacksonException.class,
                () -> json.readValue("{\"name\":\"x\",\"location\":{\"lat\":\"north\"}}", Business.class));
        JacksonException code = catchThrowableOfType(JacksonException.class,
                () -> json.readValue("{\"codes\":[1,{}]}", Sheet.class));
        JacksonException body = catchThrowableOfType(JacksonException.class, () -> json.readValue("{", Business.class));

        assertThat(Problems.unreadableAt(lat)).isEqualTo("location.lat");
        assertThat(Problems.unreadableAt(code)).isEqualTo("codes[1]");
        assertThat(Problems.unreadableAt(body)).isNull();
        assertThat(Problems.unreadableAt(new IllegalStateException())).isNull();
    }
}
