CREATE TRIGGER patient_identity_kept BEFORE UPDATE ON patient FOR EACH ROW WHEN (NEW."given_names" IS NOT OLD."given_names" OR NEW."family_name" IS NOT OLD."family_name" OR NEW."date_of_birth" IS NOT OLD."date_of_birth") AND EXISTS (SELECT 1 FROM intake AS done WHERE done.patient_id = OLD.id AND done.status = 'completed' AND EXISTS (SELECT 1 FROM consent_record WHERE consent_record.intake_id = done.id AND consent_record.decision IN ('agree', 'refuse'))) BEGIN SELECT RAISE(ABORT, 'the name and date of birth of a patient with a finished intake (consent signed or refused) cannot be changed'); END

CREATE TRIGGER patient_mrn_kept BEFORE UPDATE ON patient FOR EACH ROW WHEN OLD.mrn IS NOT NULL AND trim(OLD.mrn) <> '' AND (NEW."mrn" IS NOT OLD."mrn" OR NEW."mrn_key" IS NOT OLD."mrn_key") AND EXISTS (SELECT 1 FROM intake AS done WHERE done.patient_id = OLD.id AND done.status = 'completed' AND EXISTS (SELECT 1 FROM consent_record WHERE consent_record.intake_id = done.id AND consent_record.decision IN ('agree', 'refuse'))) BEGIN SELECT RAISE(ABORT, 'the MRN of a patient with a finished intake (consent signed or refused) can be added when empty, but not changed'); END

CREATE TRIGGER patient_not_deleted BEFORE DELETE ON patient FOR EACH ROW WHEN EXISTS (SELECT 1 FROM intake AS done WHERE done.patient_id = OLD.id AND done.status = 'completed' AND EXISTS (SELECT 1 FROM consent_record WHERE consent_record.intake_id = done.id AND consent_record.decision IN ('agree', 'refuse'))) BEGIN SELECT RAISE(ABORT, 'a patient with a finished intake (consent signed or refused) cannot be deleted'); END

CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_chain_head FOR EACH ROW WHEN NEW.id <> OLD.id OR NEW.sequence NOT IN (OLD.sequence, OLD.sequence + 1) OR (NEW.sequence = OLD.sequence AND (NEW."sha256" IS NOT OLD."sha256")) BEGIN SELECT RAISE(ABORT, 'the audit trail''s chain head moves on one event at a time; it cannot go back or be deleted'); END

CREATE TRIGGER audit_head_not_deleted BEFORE DELETE ON audit_chain_head FOR EACH ROW BEGIN SELECT RAISE(ABORT, 'the audit trail''s chain head moves on one event at a time; it cannot go back or be deleted'); END

CREATE TRIGGER intake_not_deleted BEFORE DELETE ON intake FOR EACH ROW WHEN OLD.status = 'completed' BEGIN SELECT RAISE(ABORT, 'a completed intake cannot be deleted'); END

CREATE TRIGGER intake_kept BEFORE UPDATE ON intake FOR EACH ROW WHEN OLD.status = 'completed' AND (NEW."id" IS NOT OLD."id" OR NEW."patient_id" IS NOT OLD."patient_id" OR NEW."form_id" IS NOT OLD."form_id" OR NEW."form_version" IS NOT OLD."form_version" OR NEW."started_by" IS NOT OLD."started_by" OR NEW."started_at" IS NOT OLD."started_at" OR NEW."completed_at" IS NOT OLD."completed_at") BEGIN SELECT RAISE(ABORT, 'a completed intake keeps its patient, form and times; only current_page, updated_at and device can change'); END

CREATE TRIGGER intake_not_reopened BEFORE UPDATE ON intake FOR EACH ROW WHEN OLD.status = 'completed' AND NEW.status NOT IN ('completed', 'abandoned') BEGIN SELECT RAISE(ABORT, 'a completed intake cannot be reopened; it can only be ended (abandoned)'); END

CREATE TRIGGER intake_finished_kept BEFORE UPDATE ON intake FOR EACH ROW WHEN OLD.status = 'completed' AND (NEW."language" IS NOT OLD."language" OR NEW."status" IS NOT OLD."status") AND EXISTS (SELECT 1 FROM consent_record WHERE consent_record.intake_id = OLD.id AND consent_record.decision IN ('agree', 'refuse')) BEGIN SELECT RAISE(ABORT, 'the language and status of a finished intake (consent signed or refused) cannot change'); END

CREATE TRIGGER answer_kept_insert BEFORE INSERT ON answer FOR EACH ROW WHEN EXISTS (SELECT 1 FROM intake WHERE intake.id = NEW.intake_id AND intake.status = 'completed') BEGIN SELECT RAISE(ABORT, 'answers of a completed intake cannot be added, changed or deleted'); END

CREATE TRIGGER answer_kept_update BEFORE UPDATE ON answer FOR EACH ROW WHEN (EXISTS (SELECT 1 FROM intake WHERE intake.id = OLD.intake_id AND intake.status = 'completed') OR EXISTS (SELECT 1 FROM intake WHERE intake.id = NEW.intake_id AND intake.status = 'completed')) BEGIN SELECT RAISE(ABORT, 'answers of a completed intake cannot be added, changed or deleted'); END

CREATE TRIGGER answer_kept_delete BEFORE DELETE ON answer FOR EACH ROW WHEN EXISTS (SELECT 1 FROM intake WHERE intake.id = OLD.intake_id AND intake.status = 'completed') BEGIN SELECT RAISE(ABORT, 'answers of a completed intake cannot be added, changed or deleted'); END

CREATE TRIGGER flag_not_added BEFORE INSERT ON flag FOR EACH ROW WHEN (EXISTS (SELECT 1 FROM intake WHERE intake.id = NEW.intake_id AND intake.status = 'completed') AND EXISTS (SELECT 1 FROM consent_record WHERE consent_record.intake_id = NEW.intake_id AND consent_record.decision IN ('agree', 'refuse'))) BEGIN SELECT RAISE(ABORT, 'flags cannot be added to a finished intake (consent signed or refused)'); END

CREATE TRIGGER flag_kept BEFORE UPDATE ON flag FOR EACH ROW WHEN (NEW."id" IS NOT OLD."id" OR NEW."intake_id" IS NOT OLD."intake_id" OR NEW."rule_id" IS NOT OLD."rule_id" OR NEW."severity" IS NOT OLD."severity" OR NEW."message" IS NOT OLD."message" OR NEW."sources" IS NOT OLD."sources" OR NEW."triggers" IS NOT OLD."triggers" OR NEW."raised_at" IS NOT OLD."raised_at") AND (EXISTS (SELECT 1 FROM intake WHERE intake.id = OLD.intake_id AND intake.status = 'completed') OR EXISTS (SELECT 1 FROM intake WHERE intake.id = NEW.intake_id AND intake.status = 'completed')) BEGIN SELECT RAISE(ABORT, 'flags of a completed intake cannot be changed; only the nurse''s sign-off (reviewed_by, reviewed_at, review_note) can be recorded'); END

CREATE TRIGGER flag_not_deleted BEFORE DELETE ON flag FOR EACH ROW WHEN EXISTS (SELECT 1 FROM intake WHERE intake.id = OLD.intake_id AND intake.status = 'completed') BEGIN SELECT RAISE(ABORT, 'flags of a completed intake cannot be deleted'); END

CREATE TRIGGER flag_signed_off BEFORE UPDATE ON flag FOR EACH ROW WHEN (NEW."reviewed_by" IS NOT OLD."reviewed_by" OR NEW."reviewed_at" IS NOT OLD."reviewed_at" OR NEW."review_note" IS NOT OLD."review_note") AND EXISTS (SELECT 1 FROM review WHERE review.intake_id = OLD.intake_id) BEGIN SELECT RAISE(ABORT, 'a flag''s acknowledgment cannot change once a review of the intake is signed; a correction is a new review'); END

CREATE TRIGGER consent_record_no_update BEFORE UPDATE ON consent_record BEGIN SELECT RAISE(ABORT, 'signed consent records cannot be changed'); END

CREATE TRIGGER consent_record_no_delete BEFORE DELETE ON consent_record BEGIN SELECT RAISE(ABORT, 'signed consent records cannot be changed'); END

CREATE TRIGGER review_kept BEFORE UPDATE ON review FOR EACH ROW BEGIN SELECT RAISE(ABORT, 'a signed review cannot be changed or deleted; a correction is a new review'); END

CREATE TRIGGER review_not_deleted BEFORE DELETE ON review FOR EACH ROW BEGIN SELECT RAISE(ABORT, 'a signed review cannot be changed or deleted; a correction is a new review'); END

CREATE TRIGGER attestation_kept BEFORE UPDATE ON attestation FOR EACH ROW BEGIN SELECT RAISE(ABORT, 'a signed attestation cannot be changed or deleted'); END

CREATE TRIGGER attestation_not_deleted BEFORE DELETE ON attestation FOR EACH ROW BEGIN SELECT RAISE(ABORT, 'a signed attestation cannot be changed or deleted'); END

CREATE TRIGGER audit_event_kept BEFORE UPDATE ON audit_event FOR EACH ROW BEGIN SELECT RAISE(ABORT, 'audit events cannot be changed or deleted: the audit trail only grows'); END

CREATE TRIGGER audit_event_not_deleted BEFORE DELETE ON audit_event FOR EACH ROW BEGIN SELECT RAISE(ABORT, 'audit events cannot be changed or deleted: the audit trail only grows'); END

CREATE TRIGGER document_kept BEFORE UPDATE ON document FOR EACH ROW WHEN (NEW."id" IS NOT OLD."id" OR NEW."intake_id" IS NOT OLD."intake_id" OR NEW."patient_id" IS NOT OLD."patient_id" OR NEW."kind" IS NOT OLD."kind" OR NEW."path" IS NOT OLD."path" OR NEW."sha256" IS NOT OLD."sha256" OR NEW."size_bytes" IS NOT OLD."size_bytes" OR NEW."created_at" IS NOT OLD."created_at" OR NEW."audit_sequence" IS NOT OLD."audit_sequence" OR NEW."audit_sha256" IS NOT OLD."audit_sha256" OR NEW."review_id" IS NOT OLD."review_id") BEGIN SELECT RAISE(ABORT, 'a sealed document''s record cannot be changed; only filed_at and filed_by can be set'); END

CREATE TRIGGER document_not_deleted BEFORE DELETE ON document FOR EACH ROW BEGIN SELECT RAISE(ABORT, 'a sealed document''s record cannot be deleted'); END

