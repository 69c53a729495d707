"""The database keeps the books honest, whatever code or raw SQL writes to them.

* A transaction whose legs do not balance (or do not add up to its amount, or has fewer than two
  legs) is refused at COMMIT by DEFERRABLE INITIALLY DEFERRED constraint triggers.
* Posted legs can never be updated or deleted; a posted transaction can only gain its reversal
  link (``reversed_by_id``, set once, to a transaction that reverses it). TRUNCATE is refused.
* Nothing can be posted with a date inside a closed fiscal period. At commit a posting takes a
  share lock on any period row being closed that covers its date, and closing a period takes that
  row FOR UPDATE, so a posting and the close of its period serialize.
* A period is created as a request and can only move to closed or cancelled, once.

Tenant migrations run with ``search_path = <cooperative schema>, public``: every function below is
created in the cooperative's own schema and pins that search path (``SET search_path FROM
CURRENT``), so unqualified table names always mean that cooperative's tables.
"""

from django.db import migrations

FORWARD = r"""
CREATE FUNCTION ledger_assert_period_open(posting_date date, own_txn bigint DEFAULT NULL)
RETURNS void LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM ledger_fiscalperiod p
        WHERE p.status = 'closed'
          AND posting_date BETWEEN p.start_date AND p.end_date
          AND (own_txn IS NULL OR p.closing_transaction_id IS DISTINCT FROM own_txn)
    ) THEN
        RAISE EXCEPTION 'Tanggal % berada dalam periode buku yang sudah ditutup.', posting_date
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_period_closed';
    END IF;
END $$;

CREATE FUNCTION ledger_assert_balanced(txn_id bigint)
RETURNS void LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    txn_amount numeric;
    leg_count integer;
    total_debit numeric;
    total_credit numeric;
BEGIN
    SELECT t.amount INTO txn_amount FROM ledger_journaltransaction t WHERE t.id = txn_id;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    SELECT count(*), coalesce(sum(l.debit), 0), coalesce(sum(l.credit), 0)
      INTO leg_count, total_debit, total_credit
      FROM ledger_journalleg l WHERE l.transaction_id = txn_id;
    IF leg_count < 2 OR total_debit <> total_credit OR total_debit <> txn_amount THEN
        RAISE EXCEPTION
            'Transaksi jurnal % tidak seimbang: % baris, debit %, kredit %, jumlah %.',
            txn_id, leg_count, total_debit, total_credit, txn_amount
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_txn_balanced';
    END IF;
END $$;

-- Deferred, at COMMIT: the legs of every transaction touched balance.
CREATE FUNCTION ledger_leg_check_balanced() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM ledger_assert_balanced(NEW.transaction_id);
    RETURN NULL;
END $$;

-- Deferred, at COMMIT: the new transaction balances, and its date is not in a closed period
-- (share-locking a period being closed so the close waits for this commit, or this commit
-- waits for the close and is then refused).
CREATE FUNCTION ledger_txn_check_committed() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM 1 FROM ledger_fiscalperiod p
     WHERE p.status = 'requested' AND NEW.date BETWEEN p.start_date AND p.end_date
       FOR SHARE;
    PERFORM ledger_assert_period_open(NEW.date, NEW.id);
    PERFORM ledger_assert_balanced(NEW.id);
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER ledger_leg_balanced
    AFTER INSERT ON ledger_journalleg
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_leg_check_balanced();

CREATE CONSTRAINT TRIGGER ledger_txn_committed
    AFTER INSERT ON ledger_journaltransaction
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_txn_check_committed();

-- Immediate: no posting into a closed period.
CREATE FUNCTION ledger_txn_before_insert() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM ledger_assert_period_open(NEW.date);
    RETURN NEW;
END $$;

CREATE TRIGGER ledger_txn_period_open
    BEFORE INSERT ON ledger_journaltransaction
    FOR EACH ROW EXECUTE FUNCTION ledger_txn_before_insert();

-- Immediate: a leg carries its transaction's date (the balance indexes read it).
CREATE FUNCTION ledger_leg_before_insert() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    txn_date date;
BEGIN
    SELECT t.date INTO txn_date FROM ledger_journaltransaction t WHERE t.id = NEW.transaction_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'Transaksi jurnal % tidak ada.', NEW.transaction_id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF NEW.date IS DISTINCT FROM txn_date THEN
        RAISE EXCEPTION 'Tanggal baris jurnal (%) harus sama dengan tanggal transaksinya (%).',
            NEW.date, txn_date
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_leg_date_matches';
    END IF;
    PERFORM ledger_assert_period_open(txn_date);
    RETURN NEW;
END $$;

CREATE TRIGGER ledger_leg_date
    BEFORE INSERT ON ledger_journalleg
    FOR EACH ROW EXECUTE FUNCTION ledger_leg_before_insert();

-- Posted rows are permanent.
CREATE FUNCTION ledger_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION
        'Jurnal yang sudah diposting tidak dapat diubah atau dihapus (% pada %); '
        'buat jurnal pembalik. / Posted entries are permanent; post a reversal.',
        TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END $$;

CREATE TRIGGER ledger_leg_immutable
    BEFORE UPDATE OR DELETE ON ledger_journalleg
    FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();

CREATE TRIGGER ledger_leg_no_truncate
    BEFORE TRUNCATE ON ledger_journalleg
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_forbid_change();

CREATE FUNCTION ledger_txn_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND OLD.reversed_by_id IS NULL
       AND NEW.reversed_by_id IS NOT NULL
       AND (to_jsonb(NEW) - 'reversed_by_id') = (to_jsonb(OLD) - 'reversed_by_id')
       AND EXISTS (
           SELECT 1 FROM ledger_journaltransaction r
            WHERE r.id = NEW.reversed_by_id AND r.reversal_of_id = OLD.id
       )
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION
        'Jurnal yang sudah diposting tidak dapat diubah atau dihapus (% pada %); '
        'buat jurnal pembalik. / Posted entries are permanent; post a reversal.',
        TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END $$;

CREATE TRIGGER ledger_txn_immutable
    BEFORE UPDATE OR DELETE ON ledger_journaltransaction
    FOR EACH ROW EXECUTE FUNCTION ledger_txn_guard();

CREATE TRIGGER ledger_txn_no_truncate
    BEFORE TRUNCATE ON ledger_journaltransaction
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_forbid_change();

-- Fiscal periods: requested -> closed | cancelled, once; never deleted.
CREATE FUNCTION ledger_period_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.status <> 'requested' THEN
            RAISE EXCEPTION 'Periode buku harus diajukan dulu, lalu dikonfirmasi petugas lain.'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_period_lifecycle';
        END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE'
       AND OLD.status = 'requested'
       AND NEW.status IN ('requested', 'closed', 'cancelled')
       AND NEW.start_date = OLD.start_date
       AND NEW.end_date = OLD.end_date
       AND NEW.requested_by_id = OLD.requested_by_id
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION
        'Periode buku yang sudah ditutup atau dibatalkan tidak dapat diubah atau dihapus (%).',
        TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END $$;

CREATE TRIGGER ledger_period_lifecycle
    BEFORE INSERT OR UPDATE OR DELETE ON ledger_fiscalperiod
    FOR EACH ROW EXECUTE FUNCTION ledger_period_guard();

CREATE TRIGGER ledger_period_no_truncate
    BEFORE TRUNCATE ON ledger_fiscalperiod
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_forbid_change();
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS ledger_period_no_truncate ON ledger_fiscalperiod;
DROP TRIGGER IF EXISTS ledger_period_lifecycle ON ledger_fiscalperiod;
DROP TRIGGER IF EXISTS ledger_txn_no_truncate ON ledger_journaltransaction;
DROP TRIGGER IF EXISTS ledger_txn_immutable ON ledger_journaltransaction;
DROP TRIGGER IF EXISTS ledger_leg_no_truncate ON ledger_journalleg;
DROP TRIGGER IF EXISTS ledger_leg_immutable ON ledger_journalleg;
DROP TRIGGER IF EXISTS ledger_leg_date ON ledger_journalleg;
DROP TRIGGER IF EXISTS ledger_txn_period_open ON ledger_journaltransaction;
DROP TRIGGER IF EXISTS ledger_txn_committed ON ledger_journaltransaction;
DROP TRIGGER IF EXISTS ledger_leg_balanced ON ledger_journalleg;
DROP FUNCTION IF EXISTS ledger_period_guard();
DROP FUNCTION IF EXISTS ledger_txn_guard();
DROP FUNCTION IF EXISTS ledger_forbid_change();
DROP FUNCTION IF EXISTS ledger_leg_before_insert();
DROP FUNCTION IF EXISTS ledger_txn_before_insert();
DROP FUNCTION IF EXISTS ledger_txn_check_committed();
DROP FUNCTION IF EXISTS ledger_leg_check_balanced();
DROP FUNCTION IF EXISTS ledger_assert_balanced(bigint);
DROP FUNCTION IF EXISTS ledger_assert_period_open(date, bigint);
"""


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
