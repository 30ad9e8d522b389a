package orders

import (
	"strings"
	"testing"

	"github.com/b2b-backoffice/platform/problem"
)

func TestCheckKey(t *testing.T) {
	good := []string{"a", "A-b_c.d:e", "0123456789", strings.Repeat("k", 255), "orch:req-789:create"}
	for _, k := range good {
		if err := CheckKey(k); err != nil {
			t.Errorf("CheckKey(%q) = %v", k, err)
		}
	}
	bad := []string{"", strings.Repeat("k", 256), "a b", "ключ", "a/b", "a\nb", "a\x00", `"k"`, "a;b", "é"}
	for _, k := range bad {
		if problem.CodeOf(CheckKey(k)) != problem.InvalidIdempotencyKey {
			t.Errorf("CheckKey(%q) accepted", k)
		}
	}
}

func TestFingerprintTellsRequestsApart(t *testing.T) {
	base := Fingerprint(OpConfirmOrder, []int64{1}, nil)
	if base != Fingerprint(OpConfirmOrder, []int64{1}, nil) {
		t.Fatal("not deterministic")
	}
	others := [][32]byte{
		Fingerprint(OpConfirmOrder, []int64{2}, nil),
		Fingerprint(OpConfirmOrder, []int64{11}, nil),
		Fingerprint(OpCreateOrder, []int64{1}, nil),
		Fingerprint(OpConfirmOrder, []int64{1}, []byte("{}")),
		Fingerprint(OpConfirmOrder, nil, []byte("1")),
	}
	for i, o := range others {
		if o == base {
			t.Errorf("fingerprint %d equals the base", i)
		}
	}
}
