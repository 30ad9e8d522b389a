package orders

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/b2b-backoffice/platform/problem"
)

func TestReserve(t *testing.T) {
	products := map[int64]Product{
		1: {ID: 1, PriceCents: 250, Stock: 10},
		2: {ID: 2, PriceCents: 129900, Stock: 3},
		3: {ID: 3, PriceCents: 0, Stock: 0},
	}
	cases := []struct {
		name      string
		req       []ItemRequest
		wantItems []Item
		wantTotal int64
		wantCode  problem.Code
		wantShort []Shortage
	}{
		{
			name: "all covered, prices snapshotted, total summed",
			req:  []ItemRequest{{2, 3}, {1, 4}},
			wantItems: []Item{
				{ProductID: 2, Qty: 3, UnitPriceCents: 129900, SubtotalCents: 389700},
				{ProductID: 1, Qty: 4, UnitPriceCents: 250, SubtotalCents: 1000},
			},
			wantTotal: 390700,
		},
		{
			name:      "exactly the stock is enough",
			req:       []ItemRequest{{1, 10}},
			wantItems: []Item{{ProductID: 1, Qty: 10, UnitPriceCents: 250, SubtotalCents: 2500}},
			wantTotal: 2500,
		},
		{
			name:      "one short by one",
			req:       []ItemRequest{{1, 1}, {2, 4}},
			wantCode:  problem.InsufficientStock,
			wantShort: []Shortage{{ProductID: 2, Requested: 4, Available: 3}},
		},
		{
			name:     "every short product is named, in request order",
			req:      []ItemRequest{{3, 1}, {1, 1}, {2, 5}, {1, 0}},
			wantCode: problem.InsufficientStock,
			wantShort: []Shortage{
				{ProductID: 3, Requested: 1, Available: 0},
				{ProductID: 2, Requested: 5, Available: 3},
			},
		},
		{
			name:     "a missing product wins over shortages",
			req:      []ItemRequest{{2, 99}, {42, 1}},
			wantCode: problem.ProductNotFound,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			items, total, err := Reserve(c.req, products)
			if c.wantCode != "" {
				if problem.CodeOf(err) != c.wantCode {
					t.Fatalf("err %v, want %s", err, c.wantCode)
				}
				if items != nil || total != 0 {
					t.Errorf("items %v total %d returned with an error", items, total)
				}
				if c.wantShort != nil {
					pe, _ := problem.As(err)
					if !reflect.DeepEqual(pe.Details, c.wantShort) {
						t.Errorf("details %+v, want %+v", pe.Details, c.wantShort)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(items, c.wantItems) || total != c.wantTotal {
				t.Errorf("got %+v total %d, want %+v total %d", items, total, c.wantItems, c.wantTotal)
			}
		})
	}
	// The loaded products are values: the decision changes none of them.
	if products[1].Stock != 10 || products[2].Stock != 3 {
		t.Errorf("Reserve changed its input: %+v", products)
	}
}

func TestReserveMissingProductNamesIt(t *testing.T) {
	_, _, err := Reserve([]ItemRequest{{7, 1}}, map[int64]Product{})
	pe, ok := problem.As(err)
	if !ok || pe.Code != problem.ProductNotFound || pe.Detail != "product 7 not found" {
		t.Fatalf("err %v", err)
	}
}

func ptr(t time.Time) *time.Time { return &t }

func TestConfirm(t *testing.T) {
	t0 := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	now := t0.Add(time.Minute)
	cases := []struct {
		name        string
		in          Order
		wantStatus  Status
		wantChanged bool
		wantErr     error
		wantConfAt  *time.Time
	}{
		{"created → confirmed", Order{Status: Created, UpdatedAt: t0}, Confirmed, true, nil, &now},
		{"confirmed stays", Order{Status: Confirmed, ConfirmedAt: ptr(t0), UpdatedAt: t0}, Confirmed, false, nil, &t0},
		{"canceled is invalid", Order{Status: Canceled, CanceledAt: ptr(t0), UpdatedAt: t0}, Canceled, false, ErrInvalidState, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, changed, err := Confirm(c.in, now)
			if !errors.Is(err, c.wantErr) || changed != c.wantChanged || got.Status != c.wantStatus {
				t.Fatalf("got %s changed=%v err=%v", got.Status, changed, err)
			}
			if !reflect.DeepEqual(got.ConfirmedAt, c.wantConfAt) {
				t.Errorf("confirmed_at %v, want %v", got.ConfirmedAt, c.wantConfAt)
			}
			if changed && !got.UpdatedAt.Equal(now) || !changed && !got.UpdatedAt.Equal(t0) {
				t.Errorf("updated_at %v", got.UpdatedAt)
			}
		})
	}
}

func TestCancel(t *testing.T) {
	const window = 10 * time.Minute
	confirmed := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	cases := []struct {
		name        string
		in          Order
		now         time.Time
		wantStatus  Status
		wantRestore bool
		wantErr     error
	}{
		{"created, any time", Order{Status: Created}, confirmed.Add(24 * time.Hour), Canceled, true, nil},
		{"confirmed just now", Order{Status: Confirmed, ConfirmedAt: &confirmed}, confirmed, Canceled, true, nil},
		{"confirmed, 1ms before the edge", Order{Status: Confirmed, ConfirmedAt: &confirmed}, confirmed.Add(window - time.Millisecond), Canceled, true, nil},
		{"confirmed, exactly at the edge (inclusive)", Order{Status: Confirmed, ConfirmedAt: &confirmed}, confirmed.Add(window), Canceled, true, nil},
		{"confirmed, 1ms past the edge", Order{Status: Confirmed, ConfirmedAt: &confirmed}, confirmed.Add(window + time.Millisecond), Confirmed, false, ErrCancelWindowExpired},
		{"confirmed without a time is past any window", Order{Status: Confirmed}, confirmed, Confirmed, false, ErrCancelWindowExpired},
		{"canceled stays, nothing restored", Order{Status: Canceled, CanceledAt: &confirmed}, confirmed.Add(time.Minute), Canceled, false, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, restore, err := Cancel(c.in, c.now, window)
			if !errors.Is(err, c.wantErr) || restore != c.wantRestore || got.Status != c.wantStatus {
				t.Fatalf("got %s restore=%v err=%v; want %s %v %v", got.Status, restore, err, c.wantStatus, c.wantRestore, c.wantErr)
			}
			if restore && (got.CanceledAt == nil || !got.CanceledAt.Equal(c.now) || !got.UpdatedAt.Equal(c.now)) {
				t.Errorf("canceled_at %v updated_at %v, want %v", got.CanceledAt, got.UpdatedAt, c.now)
			}
			if c.in.Status == Canceled && got.CanceledAt != c.in.CanceledAt {
				t.Errorf("an already canceled order changed its canceled_at")
			}
		})
	}
}
