-- Subject ids are per kind: each subject's kind in its day, claimed by its first report. Filled from the log's
-- reports so far (the kind of each subject's first report).
CREATE TABLE subject_kind (
    day_id     VARCHAR(64)  NOT NULL,
    subject_id TEXT         NOT NULL,
    kind       VARCHAR(16)  NOT NULL,
    PRIMARY KEY (day_id, subject_id)
);

INSERT INTO subject_kind (day_id, subject_id, kind)
SELECT DISTINCT ON (p ->> 'dayId', p ->> 'subjectId') p ->> 'dayId', p ->> 'subjectId',
       CASE e.payloadtype
           WHEN 'org.standstill.api.report.ClosureReported' THEN 'CLOSURE'
           WHEN 'org.standstill.api.report.WalkoutReported' THEN 'WALKOUT'
           ELSE 'HEADCOUNT' END
FROM domainevententry e
     CROSS JOIN LATERAL (SELECT convert_from(e.payload, 'UTF8')::jsonb AS p) j
WHERE e.payloadtype IN ('org.standstill.api.report.ClosureReported', 'org.standstill.api.report.WalkoutReported',
                        'org.standstill.api.report.HeadcountReported')
ORDER BY p ->> 'dayId', p ->> 'subjectId', e.globalindex;
