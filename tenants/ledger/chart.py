"""The standard chart of accounts installed in every cooperative (SAK EP, savings-and-loan
cooperative). Other apps post to these codes through ``transaction_post``; cooperatives may add
sub-accounts below them."""

from __future__ import annotations

ASSET, LIABILITY, EQUITY, INCOME, EXPENSE = "asset", "liability", "equity", "income", "expense"
DEBIT, CREDIT = "debit", "credit"

# Assets
CASH = "1101"
BANK = "1102"
LOANS_RECEIVABLE = "1131"
LOAN_SERVICE_RECEIVABLE = "1132"
LOAN_LOSS_ALLOWANCE = "1139"
OTHER_RECEIVABLES = "1141"
INVENTORY = "1151"
WASTE_STOCK = "1152"
INTER_COOP_LOANS_RECEIVABLE = "1161"
FIXED_ASSETS = "1201"
ACCUMULATED_DEPRECIATION = "1209"
# A primary cooperative's simpanan pokok and wajib paid into its koperasi sekunder.
PENYERTAAN_SEKUNDER = "1301"
# Liabilities
SIMPANAN_SUKARELA = "2101"
WASTE_BANK_SAVINGS = "2102"
SHU_PAYABLE_MEMBERS = "2201"
FUND_PENGURUS = "2202"
FUND_KARYAWAN = "2203"
FUND_PENDIDIKAN = "2204"
FUND_SOSIAL = "2205"
FUND_PEMBANGUNAN_DAERAH = "2206"
FUND_LAIN = "2207"
LOAN_FROM_SEKUNDER = "2301"
LOAN_FROM_BANK = "2302"
OTHER_PAYABLES = "2401"
TAX_PAYABLE = "2402"
CONSIGNMENT_PAYABLE = "2403"
# Jasa of loan instalments paid before the month they fall due in (released at that month end).
LOAN_SERVICE_UNEARNED = "2404"
# Equity
SIMPANAN_POKOK = "3101"
SIMPANAN_WAJIB = "3102"
CADANGAN = "3201"
HIBAH = "3301"
SHU_UNDISTRIBUTED = "3402"
# Income
LOAN_SERVICE_INCOME = "4101"
PENALTY_INCOME = "4102"
LOAN_ADMIN_FEE_INCOME = "4103"
INTER_COOP_SERVICE_INCOME = "4104"
SALES = "4201"
CONSIGNMENT_COMMISSION_INCOME = "4202"
WASTE_BANK_MARGIN = "4301"
WASTE_SALES = "4302"
WASTE_ROUNDING_GAIN = "4303"
RECOVERY_INCOME = "4401"
OTHER_INCOME = "4901"
# Expenses
SAVINGS_SERVICE_EXPENSE = "5101"
INTER_COOP_SERVICE_EXPENSE = "5102"
LOAN_LOSS_EXPENSE = "5201"
COST_OF_GOODS_SOLD = "5301"
WASTE_COST_OF_SALES = "5302"
WASTE_STOCK_DIFFERENCE = "5303"
HONORARIUM_EXPENSE = "5401"
OPERATING_EXPENSE = "5402"
RAT_EXPENSE = "5403"
OTHER_EXPENSE = "5901"

# (code, Indonesian name, type, normal balance)
STANDARD_CHART: list[tuple[str, str, str, str]] = [
    (CASH, "Kas", ASSET, DEBIT),
    (BANK, "Bank", ASSET, DEBIT),
    (LOANS_RECEIVABLE, "Piutang pinjaman anggota", ASSET, DEBIT),
    (LOAN_SERVICE_RECEIVABLE, "Piutang jasa pinjaman", ASSET, DEBIT),
    (LOAN_LOSS_ALLOWANCE, "Cadangan kerugian piutang", ASSET, CREDIT),
    (OTHER_RECEIVABLES, "Piutang lain-lain", ASSET, DEBIT),
    (INVENTORY, "Persediaan barang", ASSET, DEBIT),
    (WASTE_STOCK, "Persediaan bank sampah", ASSET, DEBIT),
    (INTER_COOP_LOANS_RECEIVABLE, "Piutang pinjaman koperasi anggota", ASSET, DEBIT),
    (FIXED_ASSETS, "Aset tetap", ASSET, DEBIT),
    (ACCUMULATED_DEPRECIATION, "Akumulasi penyusutan aset tetap", ASSET, CREDIT),
    (PENYERTAAN_SEKUNDER, "Penyertaan pada koperasi sekunder", ASSET, DEBIT),
    (SIMPANAN_SUKARELA, "Simpanan sukarela", LIABILITY, CREDIT),
    (WASTE_BANK_SAVINGS, "Tabungan bank sampah", LIABILITY, CREDIT),
    (SHU_PAYABLE_MEMBERS, "Utang SHU anggota", LIABILITY, CREDIT),
    (FUND_PENGURUS, "Dana pengurus", LIABILITY, CREDIT),
    (FUND_KARYAWAN, "Dana karyawan", LIABILITY, CREDIT),
    (FUND_PENDIDIKAN, "Dana pendidikan", LIABILITY, CREDIT),
    (FUND_SOSIAL, "Dana sosial", LIABILITY, CREDIT),
    (FUND_PEMBANGUNAN_DAERAH, "Dana pembangunan daerah kerja", LIABILITY, CREDIT),
    (FUND_LAIN, "Dana SHU lainnya", LIABILITY, CREDIT),
    (LOAN_FROM_SEKUNDER, "Pinjaman dari koperasi sekunder", LIABILITY, CREDIT),
    (LOAN_FROM_BANK, "Pinjaman bank", LIABILITY, CREDIT),
    (OTHER_PAYABLES, "Utang lain-lain", LIABILITY, CREDIT),
    (TAX_PAYABLE, "Utang pajak (potongan SHU)", LIABILITY, CREDIT),
    (CONSIGNMENT_PAYABLE, "Utang titipan anggota (titip jual)", LIABILITY, CREDIT),
    (LOAN_SERVICE_UNEARNED, "Pendapatan jasa pinjaman diterima di muka", LIABILITY, CREDIT),
    (SIMPANAN_POKOK, "Simpanan pokok", EQUITY, CREDIT),
    (SIMPANAN_WAJIB, "Simpanan wajib", EQUITY, CREDIT),
    (CADANGAN, "Cadangan", EQUITY, CREDIT),
    (HIBAH, "Hibah", EQUITY, CREDIT),
    (SHU_UNDISTRIBUTED, "SHU belum dibagi", EQUITY, CREDIT),
    (LOAN_SERVICE_INCOME, "Pendapatan jasa pinjaman", INCOME, CREDIT),
    (PENALTY_INCOME, "Pendapatan denda", INCOME, CREDIT),
    (LOAN_ADMIN_FEE_INCOME, "Pendapatan administrasi pinjaman", INCOME, CREDIT),
    (INTER_COOP_SERVICE_INCOME, "Pendapatan jasa pinjaman koperasi anggota", INCOME, CREDIT),
    (SALES, "Penjualan", INCOME, CREDIT),
    (CONSIGNMENT_COMMISSION_INCOME, "Pendapatan komisi titip jual", INCOME, CREDIT),
    (WASTE_BANK_MARGIN, "Margin bank sampah", INCOME, CREDIT),
    (WASTE_SALES, "Penjualan bank sampah", INCOME, CREDIT),
    (WASTE_ROUNDING_GAIN, "Selisih pembulatan setoran bank sampah", INCOME, CREDIT),
    (RECOVERY_INCOME, "Pemulihan piutang dihapusbukukan", INCOME, CREDIT),
    (OTHER_INCOME, "Pendapatan lain-lain", INCOME, CREDIT),
    (SAVINGS_SERVICE_EXPENSE, "Beban jasa simpanan", EXPENSE, DEBIT),
    (INTER_COOP_SERVICE_EXPENSE, "Beban jasa pinjaman koperasi sekunder", EXPENSE, DEBIT),
    (LOAN_LOSS_EXPENSE, "Beban kerugian piutang", EXPENSE, DEBIT),
    (COST_OF_GOODS_SOLD, "Harga pokok penjualan", EXPENSE, DEBIT),
    (WASTE_COST_OF_SALES, "Harga pokok penjualan bank sampah", EXPENSE, DEBIT),
    (WASTE_STOCK_DIFFERENCE, "Selisih persediaan bank sampah", EXPENSE, DEBIT),
    (HONORARIUM_EXPENSE, "Beban honorarium pengurus", EXPENSE, DEBIT),
    (OPERATING_EXPENSE, "Beban operasional dan administrasi", EXPENSE, DEBIT),
    (RAT_EXPENSE, "Beban rapat anggota tahunan", EXPENSE, DEBIT),
    (OTHER_EXPENSE, "Beban lain-lain", EXPENSE, DEBIT),
]
