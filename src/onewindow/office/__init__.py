"""无纸化办公: 公文 from draft to receipt (发文 and 收文) with e-seals and the signed exchange,
instruction tracking (督办) on the supervision ledger, and meetings with video conferences on a
Janus server (docs/office.md)."""
