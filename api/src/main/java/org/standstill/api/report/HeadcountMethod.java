package org.standstill.api.report;

public enum HeadcountMethod {
    COUNTED, DENSITY_ESTIMATE, AERIAL, ORGANIZER_CLAIM, MEDIA, POLICE, OTHER
}
